package dev.consentgw.gateway.store.memory;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.StoreBoundariesContract;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The boundary contract against the embedded stores, plus when they drop an abandoned journey. */
class InMemoryBoundariesTest extends StoreBoundariesContract {

  private static final Duration ABANDONED = Duration.ofHours(1);
  private final MemoryStores stores = new MemoryStores(clock, new StoreOptions(
      new StoreOptions.Postgres("", 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
      new StoreOptions.Memory(1000, 1000, ABANDONED), LEASE, Duration.ofSeconds(2)), RETENTION);

  @Override
  protected Stores stores() {
    return stores;
  }

  @Test
  void anAbandonedJourneyIsDroppedAtTheInstantItsRetentionEnds() {
    await(stores.consents().insert(consent("cns_1")));

    clock.advance(Duration.ofMinutes(15).plus(ABANDONED).minusMillis(1));
    assertThat(await(stores.consents().get("cns_1"))).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(await(stores.consents().get("cns_1"))).isEmpty();
    assertThat(await(stores.consents().findByProviderConsentId("yapily", "pc-cns_1"))).isEmpty();
  }

  @Test
  void anAbandonedJourneyThatLaterEndsIsKept() {
    await(stores.consents().insert(consent("cns_1")));
    clock.advance(Duration.ofMinutes(20));
    await(stores.consents().update("cns_1", r -> r.withStatus(ConsentStatus.REJECTED, clock.instant(), null, null)));

    clock.advance(ABANDONED.multipliedBy(10));

    assertThat(await(stores.consents().get("cns_1"))).isPresent();
  }

  @Test
  void aJourneyWithoutLinkExpiryIsKept() {
    ConsentRecord record = consent("cns_1").toBuilder().journeyExpiresAt(null).build();
    await(stores.consents().insert(record));

    clock.advance(ABANDONED.multipliedBy(100));

    assertThat(await(stores.consents().get("cns_1"))).contains(record);
  }

  @Test
  void aJourneyThatMovesToItsNextLegGetsANewRetention() {
    await(stores.consents().insert(consent("cns_1")));
    clock.advance(Duration.ofMinutes(10));
    await(stores.consents().update("cns_1", r -> r.withNextLeg(null, java.util.Map.of(), "https://bank.example/2",
        "hash-2", clock.instant().plus(Duration.ofMinutes(15)), clock.instant())));

    clock.advance(Duration.ofMinutes(15).plus(ABANDONED).minusMillis(1));
    assertThat(await(stores.consents().get("cns_1"))).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(await(stores.consents().get("cns_1"))).isEmpty();
    assertThat(await(stores.consents().findByJourneyTokenHash("hash-2"))).isEmpty();
    assertThat(await(stores.consents().listByUser("acme", "user-1"))).isEmpty();
  }

  /** Each consent holds its entries in the indexes (a user with no consents left is dropped too): replaced journey tokens and dropped consents leave none behind. */
  @Test
  void theIndexesHoldOnlyWhatTheConsentsNeed() {
    InMemoryConsentStore store = (InMemoryConsentStore) stores.consents();
    await(store.insert(consent("cns_1")));
    assertThat(store.indexEntries()).as("token, provider id, user and the user's consent").isEqualTo(4);

    for (int leg = 2; leg < 50; leg++) {
      String hash = "hash-leg-" + leg;
      await(store.update("cns_1", r -> r.withNextLeg(null, java.util.Map.of(), "https://bank.example/leg", hash,
          clock.instant().plus(Duration.ofMinutes(15)), clock.instant())));
    }
    assertThat(store.indexEntries()).as("only the current journey token is indexed").isEqualTo(4);

    clock.advance(Duration.ofMinutes(15).plus(ABANDONED));
    assertThat(store.indexEntries()).as("an expired consent takes its index entries along").isZero();
  }

  @Test
  void consentsEvictedForRoomTakeTheirIndexEntriesAlong() {
    InMemoryConsentStore store = new InMemoryConsentStore(clock, new StoreOptions.Memory(10, 10, ABANDONED));
    for (int i = 0; i < 200; i++) {
      ConsentRecord record = consent("cns_" + i).toBuilder().userReference("user-" + i).build();
      await(store.insert(record.withStatus(ConsentStatus.AUTHORIZED, clock.instant(), clock.instant(), null)));
    }

    assertThat(store.size()).isLessThanOrEqualTo(10);
    assertThat(store.indexEntries()).isEqualTo(4 * store.size());
  }

  /**
   * Expired records leave memory by themselves, not only when the size cap needs room. Caffeine's
   * timer wheel frees a 24 h record some time after it expired (its coarsest buckets span days);
   * {@code begin} never serves it meanwhile (see the contract).
   */
  @Test
  void idempotencyRecordsLeaveMemoryAfterTheirRetention() {
    InMemoryIdempotencyStore store = (InMemoryIdempotencyStore) stores.idempotency();
    await(store.begin("t1", "a", "fp", "cns_a"));
    await(store.begin("t1", "b", "fp", "cns_b"));
    assertThat(store.size()).isEqualTo(2);

    clock.advance(RETENTION.minusMillis(1));
    assertThat(store.size()).isEqualTo(2);
    clock.advance(Duration.ofDays(7));
    assertThat(store.size()).isZero();
  }

  @Test
  void itsKindAndHealthCheck() {
    assertThat(stores.kind()).isEqualTo("memory");
    assertThat(stores.check().succeeded()).isTrue();
    assertThat(stores.close().succeeded()).isTrue();
  }
}
