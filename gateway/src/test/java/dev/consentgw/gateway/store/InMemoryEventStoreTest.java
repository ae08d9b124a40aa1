package dev.consentgw.gateway.store;

import dev.consentgw.gateway.store.memory.MemoryStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The events contract against the embedded store, plus its bound. */
class InMemoryEventStoreTest extends EventStoreContractTest {

  private static final int MAX_EVENTS = 5;
  private Stores stores = stores(1000);

  private Stores stores(long maxEvents) {
    return new MemoryStores(clock, new StoreOptions(
        new StoreOptions.Postgres("", 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
        new StoreOptions.Memory(1000, 1000, Duration.ofDays(30), maxEvents), Duration.ofSeconds(60),
        Duration.ofSeconds(2)), Duration.ofHours(24), outbox);
  }

  @Override
  protected Stores stores() {
    return stores;
  }

  @Test
  void atMostMaxEventsAreKeptTheOldestDroppedFirst() {
    stores = stores(MAX_EVENTS);
    for (int i = 0; i < MAX_EVENTS + 2; i++) {
      await(consents().insert(consent("cns_" + i, "acme").build()));
      authorise("cns_" + i);
    }

    assertThat(await(events().feed("acme", 0, Set.of(), 100))).extracting(EventRecord::consentId)
        .containsExactly("cns_2", "cns_3", "cns_4", "cns_5", "cns_6");
  }
}
