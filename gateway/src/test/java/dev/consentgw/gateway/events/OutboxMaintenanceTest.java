package dev.consentgw.gateway.events;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentEventType;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.EventRecord;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.memory.MemoryStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxMaintenanceTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Vertx vertx = Vertx.vertx();
  private final Stores stores = new MemoryStores(clock, new StoreOptions(new StoreOptions.Postgres("", 1,
      Duration.ofSeconds(1), Duration.ofSeconds(1)), new StoreOptions.Memory(100, 100, Duration.ofDays(90), 100),
      Duration.ofSeconds(60), Duration.ofSeconds(1)), Duration.ofHours(24),
      new Outbox(clock, (id, type, at, consent) -> "{}", (tenant, type) -> Set.of("ep")));
  private final DoubleSupplier[] gauges = new DoubleSupplier[2];
  private final OutboxMaintenance maintenance = new OutboxMaintenance(vertx, stores.events(),
      new EventsOptions(Duration.ofDays(30), Duration.ofDays(7), Duration.ofMinutes(5),
          TestDefaultsHolder.delivery()), clock, new GatewayMetrics() {
        @Override
        public void watchWebhookBacklog(DoubleSupplier pending, DoubleSupplier oldestAgeSeconds) {
          gauges[0] = pending;
          gauges[1] = oldestAgeSeconds;
        }
      });

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static final class TestDefaultsHolder {
    static EventsOptions.Delivery delivery() {
      try {
        return dev.consentgw.gateway.TestDefaults.config().events().delivery();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  private void authorised(String id, Instant expiresAt) throws Exception {
    Instant now = clock.instant();
    stores.consents().insert(ConsentRecord.builder().id(id).tenantId("acme").provider("yapily").institutionId("y:x")
        .providerInstitutionId("x").userReference("u").permissions(Set.of()).providerState(Map.of())
        .status(ConsentStatus.AWAITING_AUTHORIZATION).createdAt(now).updatedAt(now).expiresAt(expiresAt).build())
        .await(10, TimeUnit.SECONDS);
    stores.consents().update(id, r -> r.withStatus(ConsentStatus.AUTHORIZED, now, now, null)).await(10, TimeUnit.SECONDS);
  }

  private List<EventRecord> feed() throws Exception {
    return stores.events().feed("acme", 0, Set.of(), 100).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRoundRecordsExpiringPurgesOldEventsAndSamplesTheBacklog() throws Exception {
    authorised("cns_old", clock.instant().plus(Duration.ofDays(365)));
    clock.advance(Duration.ofDays(31));
    authorised("cns_soon", clock.instant().plus(Duration.ofDays(6)));
    assertThat(gauges[0].getAsDouble()).as("not sampled yet").isZero();

    maintenance.run().await(10, TimeUnit.SECONDS);

    assertThat(feed()).extracting(EventRecord::consentId, EventRecord::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("cns_soon", ConsentEventType.AUTHORIZED),
        org.assertj.core.groups.Tuple.tuple("cns_soon", ConsentEventType.EXPIRING));
    assertThat(gauges[0].getAsDouble()).isEqualTo(2);
    assertThat(gauges[1].getAsDouble()).isZero();
    clock.advance(Duration.ofSeconds(90));
    assertThat(gauges[1].getAsDouble()).isEqualTo(90);

    maintenance.run().await(10, TimeUnit.SECONDS);
    assertThat(feed()).as("once per deadline").hasSize(2);
  }
}
