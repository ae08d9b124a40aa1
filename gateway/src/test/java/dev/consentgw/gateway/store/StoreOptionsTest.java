package dev.consentgw.gateway.store;

import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Selecting and checking the store settings, as the gateway loads them. */
class StoreOptionsTest {

  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @Test
  void withoutAUrlTheBoundedMemoryStoreIsUsed() throws Exception {
    StoreOptions store = new ConfigLoader(Map.<String, String>of()::get).load(null).store();

    assertThat(store.usesPostgres()).isFalse();
    assertThat(store.memory()).isEqualTo(new StoreOptions.Memory(100_000, 100_000, Duration.ofHours(24)));
    assertThat(store.postgres().poolSize()).isEqualTo(16);
    assertThat(store.postgres().statementTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theEnvironmentSelectsPostgresAndTheUrlIsParsed() throws Exception {
    GatewayConfig config = new ConfigLoader(Map.of("CGW_POSTGRES_URL", "postgresql://gw:s3cret@db.internal:5433/consents",
        "CGW_TOKEN_ENCRYPTION_KEY", KEY)::get).load(null);

    assertThat(config.store().usesPostgres()).isTrue();
    var options = config.store().postgres().connectOptions();
    assertThat(options.getHost()).isEqualTo("db.internal");
    assertThat(options.getPort()).isEqualTo(5433);
    assertThat(options.getDatabase()).isEqualTo("consents");
    assertThat(options.getUser()).isEqualTo("gw");
    assertThat(options.getProperties()).containsEntry("statement_timeout", "3000");
    assertThat(config.store().toString()).doesNotContain("s3cret");
  }

  @Test
  void postgresWithoutATokenKeyOrWithABadUrlRefusesToStartWithoutQuotingThePassword() {
    ConfigLoader noKey = new ConfigLoader(Map.of("CGW_POSTGRES_URL", "postgresql://gw:pw@localhost/consents")::get);
    assertThatThrownBy(() -> noKey.load(null))
        .hasMessageContaining("security.tokenEncryptionKey (CGW_TOKEN_ENCRYPTION_KEY) must be set when PostgreSQL is used");

    ConfigLoader badUrl = new ConfigLoader(Map.of("CGW_POSTGRES_URL", "mysql://gw:s3cret@localhost/x",
        "CGW_TOKEN_ENCRYPTION_KEY", KEY)::get);
    assertThatThrownBy(() -> badUrl.load(null))
        .hasMessageContaining("is not a postgresql://user:password@host:port/database URI")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void impossibleStoreSettingsAreListed() throws Exception {
    assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).loadWithOverrides("""
        store:
          postgres: {poolSize: 0, statementTimeout: PT0S}
          memory: {maxConsents: 0}
          idempotencyLease: PT0S
        """))
        .hasMessageContaining("store.postgres.poolSize must be at least 1")
        .hasMessageContaining("store.postgres.statementTimeout and connectTimeout must be positive")
        .hasMessageContaining("store.memory.maxConsents and maxIdempotencyRecords must be at least 1")
        .hasMessageContaining("store.idempotencyLease and store.retryAfter must be positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://gw:pw@localhost:5432", "postgresql://gw:pw@localhost:5432?sslmode=disable"})
  void aPostgresUrlMustNameADatabase(String url) {
    // The driver would silently connect to a database called "db".
    assertThat(postgresAt(url).problems(true))
        .containsExactly("store.postgres.url must name a database: postgresql://user:password@host:port/database");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://gw:pw@localhost:5432/consents",
      "postgresql://gw:pw@db.internal/consents?sslmode=require", "postgresql:///consents"})
  void aPostgresUrlNamingADatabaseIsUsable(String url) {
    assertThat(postgresAt(url).problems(true)).isEmpty();
  }

  private static StoreOptions postgresAt(String url) {
    return new StoreOptions(new StoreOptions.Postgres(url, 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
        new StoreOptions.Memory(10, 10, Duration.ofHours(1)), Duration.ofSeconds(60), Duration.ofSeconds(2));
  }
}
