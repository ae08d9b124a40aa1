package dev.consentgw.gateway.store.memory;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.StoreOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded stores never hold more than their caps, whatever is written. */
class InMemoryBoundsTest {

  private static final int CAP = 100;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void consentsBeyondTheCapAreDroppedWithTheirIndexes() throws Exception {
    InMemoryConsentStore store = new InMemoryConsentStore(clock, new StoreOptions.Memory(CAP, CAP, Duration.ofHours(1)));
    for (int i = 0; i < CAP * 10; i++) {
      store.insert(authorised("cns_" + i)).await(1, TimeUnit.SECONDS);
    }

    assertThat(store.size()).isLessThanOrEqualTo(CAP);
    assertThat(store.listByUser("acme", "user-1").await(1, TimeUnit.SECONDS)).hasSize((int) store.size());
  }

  @Test
  void idempotencyRecordsBeyondTheCapAreDropped() throws Exception {
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock, Duration.ofHours(24), Duration.ofSeconds(60),
        CAP);
    for (int i = 0; i < CAP * 10; i++) {
      store.begin("t1", "k" + i, "fp", "cns_" + i).await(1, TimeUnit.SECONDS);
    }

    assertThat(store.size()).isLessThanOrEqualTo(CAP);
  }

  private ConsentRecord authorised(String id) {
    return ConsentRecord.builder().id(id).tenantId("acme").provider("wych").institutionId("wych:bank")
        .providerInstitutionId("bank").userReference("user-1").permissions(Set.of()).status(ConsentStatus.AUTHORIZED)
        .createdAt(clock.instant()).updatedAt(clock.instant()).journeyTokenHash("h-" + id).providerConsentId("p-" + id)
        .build();
  }
}
