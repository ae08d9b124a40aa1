package dev.consentgw.gateway.store;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.store.impl.InMemoryIdempotencyStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryIdempotencyStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock, Duration.ofHours(24));

  @Test
  void claimInProgressReplayConflictAndExpiry() throws Exception {
    assertThat(begin("k", "fp1")).isInstanceOf(IdempotencyClaim.Claimed.class);
    assertThat(begin("k", "fp1")).isInstanceOf(IdempotencyClaim.InProgress.class);
    assertThat(begin("k", "fp2")).isInstanceOf(IdempotencyClaim.Conflict.class);

    store.complete("t1", "k", new StoredResponse(201, "cns_1", new byte[] {1})).await(1, TimeUnit.SECONDS);

    assertThat(begin("k", "fp1")).isInstanceOfSatisfying(IdempotencyClaim.Replay.class,
        r -> assertThat(r.response().resourceId()).isEqualTo("cns_1"));
    assertThat(store.begin("t2", "k", "fp1").await(1, TimeUnit.SECONDS)).as("keys are per tenant")
        .isInstanceOf(IdempotencyClaim.Claimed.class);

    clock.advance(Duration.ofHours(25));
    assertThat(begin("k", "fp2")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void anAbandonedKeyCanBeUsedAgain() throws Exception {
    begin("k", "fp1");
    store.abandon("t1", "k").await(1, TimeUnit.SECONDS);

    assertThat(begin("k", "fp2")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  private IdempotencyClaim begin(String key, String fingerprint) throws Exception {
    return store.begin("t1", key, fingerprint).await(1, TimeUnit.SECONDS);
  }
}
