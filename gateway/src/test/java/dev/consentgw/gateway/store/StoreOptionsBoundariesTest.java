package dev.consentgw.gateway.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The store section's rules at their boundaries, one setting at a time. */
class StoreOptionsBoundariesTest {

  private static final Duration S = Duration.ofSeconds(1);
  private static final String PG = "postgresql://gw:secret@localhost:5432/gateway";

  @Test
  void theSmallestUsableSettingsPass() {
    assertThat(options("", 1, S, S, 1, 1, Duration.ZERO, S, S).problems(false)).isEmpty();
    assertThat(options(PG, 1, S, S, 1, 1, Duration.ZERO, S, S).problems(true)).isEmpty();
  }

  @Test
  void postgresNeedsAUsableUrlAndAKey() {
    assertThat(options("mysql://gw:secret@localhost/gateway", 1, S, S, 1, 1, S, S, S).problems(true))
        .singleElement().asString().startsWith("store.postgres.url (or CGW_POSTGRES_URL) is not a postgresql://")
        .doesNotContain("secret");
    assertThat(options(PG, 1, S, S, 1, 1, S, S, S).problems(false))
        .singleElement().asString().startsWith("security.tokenEncryptionKey");
  }

  @Test
  void eachLimitIsCheckedOnItsOwn() {
    assertThat(options("", 0, S, S, 1, 1, S, S, S).problems(false))
        .containsExactly("store.postgres.poolSize must be at least 1");
    assertThat(options("", 1, Duration.ZERO, S, 1, 1, S, S, S).problems(false))
        .containsExactly("store.postgres.statementTimeout and connectTimeout must be positive");
    assertThat(options("", 1, S, null, 1, 1, S, S, S).problems(false))
        .containsExactly("store.postgres.statementTimeout and connectTimeout must be positive");
    assertThat(options("", 1, S, S, 0, 1, S, S, S).problems(false))
        .containsExactly("store.memory.maxConsents and maxIdempotencyRecords must be at least 1");
    assertThat(options("", 1, S, S, 1, 0, S, S, S).problems(false))
        .containsExactly("store.memory.maxConsents and maxIdempotencyRecords must be at least 1");
    assertThat(options("", 1, S, S, 1, 1, Duration.ofNanos(-1), S, S).problems(false))
        .containsExactly("store.memory.abandonedJourneyRetention must not be negative");
    assertThat(options("", 1, S, S, 1, 1, S, Duration.ZERO, S).problems(false))
        .containsExactly("store.idempotencyLease and store.retryAfter must be positive");
    assertThat(options("", 1, S, S, 1, 1, S, S, S.negated()).problems(false))
        .containsExactly("store.idempotencyLease and store.retryAfter must be positive");
  }

  @Test
  void itsTextNeverShowsTheUrl() {
    assertThat(options(PG, 1, S, S, 1, 1, S, S, S).postgres().toString()).contains("url=<set>").doesNotContain("secret");
    assertThat(options("", 1, S, S, 1, 1, S, S, S).postgres().toString()).contains("url=<none>");
  }

  private static StoreOptions options(String url, int pool, Duration statement, Duration connect, long consents,
      long records, Duration abandoned, Duration lease, Duration retryAfter) {
    return new StoreOptions(new StoreOptions.Postgres(url, pool, statement, connect),
        new StoreOptions.Memory(consents, records, abandoned), lease, retryAfter);
  }
}
