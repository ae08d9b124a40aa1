package dev.consentgw.gateway.store;

import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract against PostgreSQL (embedded, one server per JVM, tables emptied per test). */
class PostgresStoreTest extends StoreContractTest {

  private static final String DATABASE = "store_contract";
  private static Vertx vertx;
  private Stores stores;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void openStores() {
    stores = await(PostgresStores.open(vertx, options(TestDatabase.url(DATABASE)), clock, RETENTION));
    TestDatabase.truncate(DATABASE);
  }

  @AfterEach
  void closeStores() {
    await(stores.close());
  }

  @Override
  protected Stores stores() {
    return stores;
  }

  static StoreOptions options(String url) {
    return new StoreOptions(new StoreOptions.Postgres(url, 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
        new StoreOptions.Memory(1000, 1000, Duration.ofHours(24)), LEASE, Duration.ofSeconds(2));
  }

  @Test
  void theStoreAnswersItsHealthCheck() {
    await(stores.check());
    assertThat(stores.kind()).isEqualTo("postgres");
  }

  @Test
  void aSchemaNewerThanTheCodeStopsStartUp() throws Exception {
    String database = "store_future_schema";
    String url = TestDatabase.url(database);
    await(await(PostgresStores.open(vertx, options(url), clock, RETENTION)).close());
    try (Connection c = TestDatabase.get().getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement()) {
      s.execute("insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, execution_time, success) values (99, '99', 'from the future', 'SQL', 'V99__future.sql',"
          + " 0, 'test', 0, true)");
    }

    assertThatThrownBy(() -> await(PostgresStores.open(vertx, options(url), clock, RETENTION)))
        .rootCause().hasMessageContaining("schema is at version 99, newer than this gateway knows (4)");
  }
}
