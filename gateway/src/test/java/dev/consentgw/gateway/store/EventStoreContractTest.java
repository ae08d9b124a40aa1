package dev.consentgw.gateway.store;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EventStore} must do, with the consent store writing it: run against the
 * embedded implementation and PostgreSQL by subclasses.
 */
public abstract class EventStoreContractTest {

  protected static final Duration LEASE = Duration.ofSeconds(30);
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));
  /** acme's events go to two endpoints; globex has none. */
  protected final Outbox outbox = new Outbox(clock,
      (id, type, at, consent) -> "{\"id\":\"" + id + "\",\"type\":\"" + type.wireName() + "\",\"status\":\""
          + consent.status().wireName() + "\"}",
      (tenant, type) -> tenant.equals("acme") ? Set.of("ep-a", "ep-b") : Set.of());

  /** Fresh, empty stores on {@link #clock} writing through {@link #outbox}. */
  protected abstract Stores stores();

  protected ConsentStore consents() {
    return stores().consents();
  }

  protected EventStore events() {
    return stores().events();
  }

  protected ConsentRecord.Builder consent(String id, String tenant) {
    Instant now = clock.instant();
    return ConsentRecord.builder()
        .id(id)
        .tenantId(tenant)
        .provider("yapily")
        .institutionId("yapily:modelo-sandbox")
        .providerInstitutionId("modelo-sandbox")
        .userReference("user-1")
        .permissions(Set.of(Permission.ACCOUNTS))
        .status(ConsentStatus.AWAITING_AUTHORIZATION)
        .createdAt(now)
        .updatedAt(now)
        .expiresAt(now.plus(90, ChronoUnit.DAYS))
        .providerState(Map.of())
        .journeyTokenHash("hash-" + id)
        .journeyExpiresAt(now.plus(Duration.ofMinutes(15)));
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  protected void authorise(String id) {
    await(consents().update(id, r -> r.withStatus(ConsentStatus.AUTHORIZED, clock.instant(), clock.instant(), null)));
  }

  /** Leases due deliveries of both endpoints. */
  protected List<Delivery.Due> leaseAll(Instant now) {
    List<Delivery.Due> due = new ArrayList<>(await(events().lease(now, LEASE, "ep-a", 10)));
    due.addAll(await(events().lease(now, LEASE, "ep-b", 10)));
    return due;
  }

  private List<EventRecord> all(String tenant) {
    return await(events().feed(tenant, 0, Set.of(), 200));
  }

  @Test
  void aStatusChangeRecordsItsEventWithTheConsentAsAfterTheChange() {
    await(consents().insert(consent("cns_a", "acme").build()));
    assertThat(all("acme")).as("a journey starting is not an event").isEmpty();

    authorise("cns_a");

    List<EventRecord> events = all("acme");
    assertThat(events).hasSize(1);
    EventRecord e = events.get(0);
    assertThat(e.type()).isEqualTo(ConsentEventType.AUTHORIZED);
    assertThat(e.tenantId()).isEqualTo("acme");
    assertThat(e.consentId()).isEqualTo("cns_a");
    assertThat(e.createdAt()).isEqualTo(clock.instant());
    assertThat(e.id()).startsWith("evt_");
    assertThat(e.json()).isEqualTo("{\"id\":\"" + e.id() + "\",\"type\":\"consent.authorized\",\"status\":\"authorized\"}");
    assertThat(await(events().find("acme", e.id()))).contains(e);
    assertThat(await(events().find("globex", e.id()))).as("another tenant's event").isEmpty();
  }

  @Test
  void aChangeThatKeepsTheStatusRecordsNothing() {
    await(consents().insert(consent("cns_a", "acme").build()));
    authorise("cns_a");
    await(consents().update("cns_a", r -> r.withStatus(ConsentStatus.AUTHORIZED, clock.instant(), null, null)));
    await(consents().update("cns_a", r -> r.withJourneyUsed()));

    assertThat(all("acme")).extracting(EventRecord::type).containsExactly(ConsentEventType.AUTHORIZED);
  }

  @Test
  void theFeedIsPerTenantInCommitOrderFilteredAndPaged() {
    for (int i = 0; i < 5; i++) {
      await(consents().insert(consent("cns_a" + i, "acme").build()));
      await(consents().insert(consent("cns_g" + i, "globex").build()));
      authorise("cns_a" + i);
      authorise("cns_g" + i);
    }
    await(consents().update("cns_a2", r -> r.withStatus(ConsentStatus.REVOKED, clock.instant(), null, null)));

    List<EventRecord> acme = all("acme");
    assertThat(acme).extracting(EventRecord::consentId)
        .containsExactly("cns_a0", "cns_a1", "cns_a2", "cns_a3", "cns_a4", "cns_a2");
    assertThat(acme).extracting(EventRecord::sequence).isSorted().doesNotHaveDuplicates();

    List<EventRecord> page1 = await(events().feed("acme", 0, Set.of(), 2));
    List<EventRecord> page2 = await(events().feed("acme", page1.get(1).sequence(), Set.of(), 2));
    assertThat(page1).containsExactlyElementsOf(acme.subList(0, 2));
    assertThat(page2).containsExactlyElementsOf(acme.subList(2, 4));

    assertThat(await(events().feed("acme", 0, Set.of(ConsentEventType.REVOKED), 10)))
        .extracting(EventRecord::consentId).containsExactly("cns_a2");
    assertThat(await(events().feed("acme", acme.get(5).sequence(), Set.of(), 10))).isEmpty();
  }

  @Test
  void eachEventGetsOneDeliveryPerSubscribedEndpoint() {
    await(consents().insert(consent("cns_a", "acme").build()));
    await(consents().insert(consent("cns_g", "globex").build()));
    authorise("cns_a");
    authorise("cns_g");

    EventRecord acme = all("acme").get(0);
    assertThat(await(events().deliveries(acme.id())))
        .containsExactly(Delivery.pending(acme.id(), "ep-a", clock.instant()),
            Delivery.pending(acme.id(), "ep-b", clock.instant()));
    assertThat(await(events().deliveries(all("globex").get(0).id()))).isEmpty();
    assertThat(await(events().backlog())).isEqualTo(new EventStore.Backlog(2, clock.instant()));
  }

  @Test
  void aLeasedDeliveryIsNotLeasedAgainUntilItsLeaseRunsOut() {
    await(consents().insert(consent("cns_a", "acme").build()));
    authorise("cns_a");
    EventRecord e = all("acme").get(0);

    List<Delivery.Due> first = leaseAll(clock.instant());
    assertThat(first).containsExactlyInAnyOrder(new Delivery.Due(e.id(), "ep-a", 0, e.json()),
        new Delivery.Due(e.id(), "ep-b", 0, e.json()));
    assertThat(leaseAll(clock.instant())).isEmpty();

    clock.advance(LEASE.minusMillis(1));
    assertThat(leaseAll(clock.instant())).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(leaseAll(clock.instant())).hasSize(2);
  }

  @Test
  void leasingIsPerEndpointOldestFirstWithinTheLimit() {
    await(consents().insert(consent("cns_a", "acme").build()));
    await(consents().insert(consent("cns_b", "acme").build()));
    authorise("cns_a");
    authorise("cns_b");

    assertThat(await(events().lease(clock.instant(), LEASE, "ep-b", 1))).extracting(Delivery.Due::eventId)
        .containsExactly(all("acme").get(0).id());
    assertThat(await(events().lease(clock.instant(), LEASE, "ep-b", 10))).extracting(Delivery.Due::eventId)
        .containsExactly(all("acme").get(1).id());
    assertThat(await(events().lease(clock.instant(), LEASE, "ep-a", 10))).hasSize(2);
    assertThat(await(events().lease(clock.instant(), LEASE, "ep-unknown", 10))).isEmpty();
  }

  @Test
  void outcomesAreRecordedAndAFailedDeliveryIsDueAgainOnSchedule() {
    await(consents().insert(consent("cns_a", "acme").build()));
    authorise("cns_a");
    String id = all("acme").get(0).id();
    Instant t0 = clock.instant();
    leaseAll(t0);

    Instant retryAt = t0.plusSeconds(5);
    await(events().resolve(id, "ep-a", new Delivery.Outcome.Failed(t0, "HTTP 503", retryAt)));
    await(events().resolve(id, "ep-b", new Delivery.Outcome.Delivered(t0)));

    assertThat(await(events().deliveries(id))).containsExactly(
        new Delivery(id, "ep-a", Delivery.Status.PENDING, 1, "HTTP 503", t0, retryAt, null),
        new Delivery(id, "ep-b", Delivery.Status.DELIVERED, 1, null, t0, null, t0));
    assertThat(leaseAll(retryAt.minusMillis(1))).isEmpty();
    assertThat(leaseAll(retryAt)).extracting(Delivery.Due::attempts)
        .containsExactly(1);

    await(events().resolve(id, "ep-a", new Delivery.Outcome.Failed(retryAt, "timeout", null)));
    assertThat(await(events().deliveries(id)).get(0).status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(await(events().backlog())).isEqualTo(new EventStore.Backlog(0, null));
  }

  @Test
  void goneDisablesTheEndpointForThisAndEveryLaterEvent() {
    await(consents().insert(consent("cns_a", "acme").build()));
    await(consents().insert(consent("cns_b", "acme").build()));
    authorise("cns_a");
    authorise("cns_b");
    String first = all("acme").get(0).id();
    String second = all("acme").get(1).id();
    leaseAll(clock.instant());

    await(events().resolve(first, "ep-a", new Delivery.Outcome.Gone(clock.instant(), "HTTP 410")));
    await(consents().update("cns_a", r -> r.withStatus(ConsentStatus.REVOKED, clock.instant(), null, null)));
    String third = all("acme").get(2).id();

    assertThat(await(events().deliveries(first)).get(0).status()).isEqualTo(Delivery.Status.ENDPOINT_DISABLED);
    assertThat(await(events().deliveries(second)).get(0).status()).isEqualTo(Delivery.Status.ENDPOINT_DISABLED);
    assertThat(await(events().deliveries(third))).extracting(Delivery::endpointId, Delivery::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ep-a", Delivery.Status.ENDPOINT_DISABLED),
            org.assertj.core.groups.Tuple.tuple("ep-b", Delivery.Status.PENDING));
    assertThat(await(events().redeliver(first, clock.instant()))).extracting(Delivery::status)
        .containsExactly(Delivery.Status.ENDPOINT_DISABLED, Delivery.Status.PENDING);
  }

  @Test
  void redeliveryMakesADeliveredEventDueAgainKeepingItsHistory() {
    await(consents().insert(consent("cns_a", "acme").build()));
    authorise("cns_a");
    String id = all("acme").get(0).id();
    Instant t0 = clock.instant();
    leaseAll(t0);
    await(events().resolve(id, "ep-a", new Delivery.Outcome.Delivered(t0)));
    clock.advance(Duration.ofMinutes(1));

    List<Delivery> again = await(events().redeliver(id, clock.instant()));

    assertThat(again.get(0)).isEqualTo(new Delivery(id, "ep-a", Delivery.Status.PENDING, 1, null, t0, clock.instant(), t0));
    assertThat(leaseAll(clock.instant())).extracting(Delivery.Due::endpointId)
        .as("ep-b's lease ran out unresolved, so it is due too").containsExactlyInAnyOrder("ep-a", "ep-b");
  }

  @Test
  void redeliveryDoesNotBreakALeaseInFlight() {
    await(consents().insert(consent("cns_a", "acme").build()));
    authorise("cns_a");
    String id = all("acme").get(0).id();
    await(events().lease(clock.instant(), LEASE, "ep-a", 10));

    await(events().redeliver(id, clock.instant()));

    assertThat(leaseAll(clock.instant())).extracting(Delivery.Due::endpointId)
        .as("ep-a is still being attempted by its leaseholder").containsExactly("ep-b");
  }

  @Test
  void expiringIsRecordedOncePerDeadlineWithinTheLeadTime() {
    Duration lead = Duration.ofDays(7);
    await(consents().insert(consent("cns_soon", "acme").expiresAt(clock.instant().plus(Duration.ofDays(6))).build()));
    await(consents().insert(consent("cns_late", "acme").expiresAt(clock.instant().plus(Duration.ofDays(8))).build()));
    await(consents().insert(consent("cns_waiting", "acme").expiresAt(clock.instant().plus(Duration.ofDays(1))).build()));
    authorise("cns_soon");
    authorise("cns_late");

    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).isEqualTo(1);
    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).as("once per deadline").isZero();
    assertThat(await(events().feed("acme", 0, Set.of(ConsentEventType.EXPIRING), 10)))
        .extracting(EventRecord::consentId).containsExactly("cns_soon");

    clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).isEqualTo(1);
    await(consents().update("cns_soon", r -> r.toBuilder().expiresAt(clock.instant().plus(Duration.ofDays(5))).build()));
    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).as("a new deadline").isEqualTo(1);
    assertThat(await(events().feed("acme", 0, Set.of(ConsentEventType.EXPIRING), 10)))
        .extracting(EventRecord::consentId).containsExactly("cns_soon", "cns_late", "cns_soon");
  }

  @Test
  void aReconfirmationDeadlineBeforeTheExpiryIsTheOneAnnounced() {
    Duration lead = Duration.ofDays(7);
    Instant reconfirmBy = clock.instant().plus(Duration.ofDays(3));
    await(consents().insert(consent("cns_uk", "acme").expiresAt(clock.instant().plus(Duration.ofDays(170)))
        .reconfirmBy(reconfirmBy).build()));
    await(consents().insert(consent("cns_later", "acme").expiresAt(clock.instant().plus(Duration.ofDays(170)))
        .reconfirmBy(clock.instant().plus(Duration.ofDays(8))).build()));
    authorise("cns_uk");
    authorise("cns_later");

    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).isEqualTo(1);
    assertThat(await(events().recordExpiring(clock.instant(), lead, 100))).as("once per deadline").isZero();
    assertThat(await(events().feed("acme", 0, Set.of(ConsentEventType.EXPIRING), 10)))
        .extracting(EventRecord::consentId).containsExactly("cns_uk");

    clock.advance(Duration.ofDays(4));
    assertThat(await(events().recordExpiring(clock.instant(), lead, 100)))
        .as("cns_later's reconfirmation is now within the lead; cns_uk's passed and its expiry is far").isEqualTo(1);
    assertThat(await(events().feed("acme", 0, Set.of(ConsentEventType.EXPIRING), 10)))
        .extracting(EventRecord::consentId).containsExactly("cns_uk", "cns_later");
  }

  @Test
  void purgeDropsEventsOlderThanTheCutoffWithTheirDeliveries() {
    await(consents().insert(consent("cns_a", "acme").build()));
    await(consents().insert(consent("cns_b", "acme").build()));
    authorise("cns_a");
    String old = all("acme").get(0).id();
    clock.advance(Duration.ofDays(2));
    authorise("cns_b");

    assertThat(await(events().purge(clock.instant().minus(Duration.ofDays(1))))).isEqualTo(1);

    assertThat(all("acme")).extracting(EventRecord::consentId).containsExactly("cns_b");
    assertThat(await(events().deliveries(old))).isEmpty();
  }

  @Test
  void concurrentChangesNeverMakeAReaderSkipOrRepeatAnEvent() {
    int consentsCount = 24;
    for (int i = 0; i < consentsCount; i++) {
      await(consents().insert(consent("cns_" + i, "acme").build()));
    }
    List<Future<?>> writers = new ArrayList<>();
    for (int i = 0; i < consentsCount; i++) {
      writers.add(consents().update("cns_" + i,
          r -> r.withStatus(ConsentStatus.AUTHORIZED, clock.instant(), null, null)));
    }
    // A reader pages through the feed while the changes commit, each page starting after the last event seen.
    Future<?> allWritten = Future.join(writers);
    List<EventRecord> seen = new ArrayList<>();
    long cursor = 0;
    boolean writing = true;
    while (writing) {
      writing = !allWritten.isComplete();
      List<EventRecord> page = await(events().feed("acme", cursor, Set.of(), 3));
      while (!page.isEmpty()) {
        seen.addAll(page);
        cursor = page.get(page.size() - 1).sequence();
        page = await(events().feed("acme", cursor, Set.of(), 3));
      }
    }

    long committed = writers.stream().filter(Future::succeeded).count();
    assertThat(committed).as("changes committed").isPositive();
    assertThat(seen).extracting(EventRecord::consentId).doesNotHaveDuplicates().hasSize((int) committed);
    assertThat(seen).extracting(EventRecord::sequence).isSorted();
    assertThat(seen).containsExactlyElementsOf(all("acme"));
  }
}
