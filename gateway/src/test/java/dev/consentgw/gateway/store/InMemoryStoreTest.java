package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.memory.MemoryStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract against the embedded default, plus its bounds. */
class InMemoryStoreTest extends StoreContractTest {

  private static final int CAP = 1000;
  private static final Duration ABANDONED = Duration.ofHours(1);
  private final Stores stores = new MemoryStores(clock, new StoreOptions(
      new StoreOptions.Postgres("", 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
      new StoreOptions.Memory(CAP, CAP, ABANDONED), LEASE, Duration.ofSeconds(2)), RETENTION);

  @Override
  protected Stores stores() {
    return stores;
  }

  @Test
  void anAbandonedJourneyIsDroppedAfterItsLinkExpiredAndTheRetention() {
    await(consents().insert(consent("cns_abandoned").build()));
    await(consents().insert(consent("cns_done").build()));
    await(consents().update("cns_done", r -> r.withStatus(ConsentStatus.AUTHORIZED, clock.instant(), null, null)));

    clock.advance(Duration.ofMinutes(15).plus(ABANDONED).minusSeconds(1));
    assertThat(await(consents().get("cns_abandoned"))).isPresent();

    clock.advance(Duration.ofSeconds(2));
    assertThat(await(consents().get("cns_abandoned"))).isEmpty();
    assertThat(await(consents().findByJourneyTokenHash("hash-cns_abandoned"))).isEmpty();
    assertThat(await(consents().listByUser("acme", "user-1"))).extracting(ConsentRecord::id)
        .containsExactly("cns_done");
    assertThat(await(consents().get("cns_done"))).as("a finished journey is kept").isPresent();
  }
}
