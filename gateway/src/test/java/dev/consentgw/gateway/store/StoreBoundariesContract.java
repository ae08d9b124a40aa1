package dev.consentgw.gateway.store;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ConsentStatus;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact edges of the store contract, run against each implementation by a subclass: a record
 * ends at the very instant its retention or lease ends, never a millisecond later, and what a
 * claim leaves behind is exactly what the next request sees.
 */
public abstract class StoreBoundariesContract {

  protected static final Duration RETENTION = Duration.ofHours(24);
  protected static final Duration LEASE = Duration.ofSeconds(60);
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** Fresh, empty stores for each test, on {@link #clock}. */
  protected abstract Stores stores();

  @Test
  void aCompletedRecordIsReplayedUntilItsRetentionEndsAndNotAtThatInstant() {
    claimAndComplete("k", "fp", "cns_1");

    clock.advance(RETENTION.minusMillis(1));
    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.Replay.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void aClaimHoldsItsKeyUntilItsLeaseEndsAndNotAtThatInstant() {
    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.Claimed.class);

    clock.advance(LEASE.minusMillis(1));
    assertThat(begin("k", "other")).isInstanceOf(IdempotencyClaim.Conflict.class);
    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.InProgress.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(begin("k", "other")).as("a lapsed claim may have created something: another body never takes it over")
        .isInstanceOf(IdempotencyClaim.Conflict.class);
    assertThat(begin("k", "fp")).as("the lease ended: the same request may claim the key again")
        .isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void aCompletedRecordOutlivesItsLease() {
    claimAndComplete("k", "fp", "cns_1");

    clock.advance(LEASE.plusSeconds(1));

    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.Replay.class);
    assertThat(begin("k", "other")).isInstanceOf(IdempotencyClaim.Conflict.class);
  }

  @Test
  void aKeyClaimedAgainAfterItsRetentionForgetsTheOldResponse() {
    claimAndComplete("k", "fp", "cns_1");
    clock.advance(RETENTION);

    assertThat(begin("k", "fp")).isInstanceOf(IdempotencyClaim.Claimed.class);
    assertThat(begin("k", "fp")).as("the new claim is in progress, the old answer gone")
        .isInstanceOf(IdempotencyClaim.InProgress.class);
  }

  @Test
  void completingOrAbandoningAKeyNobodyClaimedLeavesNoRecord() {
    await(stores().idempotency().complete("t1", "never", new StoredResponse(201, "cns_1", new byte[] {1})));
    await(stores().idempotency().abandon("t1", "never-either"));

    assertThat(begin("never", "fp")).isInstanceOf(IdempotencyClaim.Claimed.class);
    assertThat(begin("never-either", "fp")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheConsentAsItWas() {
    ConsentRecord record = consent("cns_1");
    await(stores().consents().insert(record));

    assertThat(await(stores().consents().update("cns_1", r -> r))).contains(record);
    assertThat(await(stores().consents().get("cns_1"))).contains(record);
    assertThat(await(stores().consents().findByJourneyTokenHash("hash-cns_1"))).contains(record);
  }

  @Test
  void aRedeemedJourneyIsStillFoundByItsToken() {
    await(stores().consents().insert(consent("cns_1")));
    await(stores().consents().update("cns_1", ConsentRecord::withJourneyUsed));

    assertThat(await(stores().consents().findByJourneyTokenHash("hash-cns_1"))).get()
        .extracting(ConsentRecord::journeyUsed).isEqualTo(true);
  }

  protected ConsentRecord consent(String id) {
    Instant now = clock.instant();
    return ConsentRecord.builder().id(id).tenantId("acme").provider("yapily").institutionId("yapily:modelo")
        .providerInstitutionId("modelo").userReference("user-1").permissions(Set.of())
        .status(ConsentStatus.AWAITING_AUTHORIZATION).createdAt(now).updatedAt(now).providerConsentId("pc-" + id)
        .providerState(Map.of()).redirectUrl("https://app.example/return").journeyTokenHash("hash-" + id)
        .journeyExpiresAt(now.plus(Duration.ofMinutes(15))).build();
  }

  private void claimAndComplete(String key, String fingerprint, String consentId) {
    assertThat(begin(key, fingerprint)).isInstanceOf(IdempotencyClaim.Claimed.class);
    await(stores().idempotency().complete("t1", key, new StoredResponse(201, consentId, new byte[] {4, 2})));
  }

  private IdempotencyClaim begin(String key, String fingerprint) {
    return await(stores().idempotency().begin("t1", key, fingerprint, "cns_" + key));
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
