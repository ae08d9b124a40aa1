package dev.consentgw.gateway.store.memory;

import dev.consentgw.gateway.store.ConsentEventType;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.EventRecord;
import dev.consentgw.gateway.store.EventStore;
import dev.consentgw.gateway.store.Outbox;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The embedded outbox, bounded: at most {@code maxEvents} events (the oldest go first, with their
 * deliveries). One monitor guards it; the consent store appends while it holds the consent's entry,
 * so an event is visible exactly when its change is.
 */
public final class InMemoryEventStore implements EventStore {

  private final long maxEvents;
  private final BiFunction<Instant, Instant, List<ConsentRecord>> authorisedExpiringBefore;
  private final Outbox outbox;
  private final TreeMap<Long, EventRecord> bySequence = new TreeMap<>();
  private final Map<String, EventRecord> byId = new HashMap<>();
  /** Per event id, per endpoint id. */
  private final Map<String, Map<String, DeliveryState>> deliveries = new HashMap<>();
  /** Per consent, the deadline its {@code consent.expiring} event was recorded for. */
  private final Map<String, Instant> expiringNotices = new HashMap<>();
  /** Endpoints that answered 410 Gone; few (configured endpoints), so unbounded is bounded. */
  private final Set<String> disabledEndpoints = new HashSet<>();
  private long lastSequence;

  /**
   * @param authorisedExpiringBefore the authorised consents whose next deadline after the first instant
   *     (expiry or reconfirmation) is at or before the second, soonest first
   */
  public InMemoryEventStore(long maxEvents, Outbox outbox,
      BiFunction<Instant, Instant, List<ConsentRecord>> authorisedExpiringBefore) {
    this.maxEvents = maxEvents;
    this.outbox = outbox;
    this.authorisedExpiringBefore = authorisedExpiringBefore;
  }

  private static final class DeliveryState {
    Delivery delivery;
    Instant leaseUntil;

    DeliveryState(Delivery delivery) {
      this.delivery = delivery;
    }
  }

  /** Appends events (called under the consent's own update). */
  synchronized void append(List<Outbox.NewEvent> events) {
    for (Outbox.NewEvent event : events) {
      EventRecord record = event.at(++lastSequence);
      bySequence.put(record.sequence(), record);
      byId.put(record.id(), record);
      Map<String, DeliveryState> perEndpoint = new LinkedHashMap<>();
      for (String endpoint : event.endpoints().stream().sorted().toList()) {
        Delivery pending = Delivery.pending(record.id(), endpoint, record.createdAt());
        perEndpoint.put(endpoint, new DeliveryState(disabledEndpoints.contains(endpoint) ? pending.disabled() : pending));
      }
      deliveries.put(record.id(), perEndpoint);
    }
    while (bySequence.size() > maxEvents) {
      drop(bySequence.firstEntry().getValue());
    }
  }

  @Override
  public synchronized Future<List<EventRecord>> feed(String tenantId, long after, Set<ConsentEventType> types,
      int limit) {
    List<EventRecord> page = new ArrayList<>();
    for (EventRecord e : bySequence.tailMap(after, false).values()) {
      if (page.size() >= limit) {
        break;
      }
      if (e.tenantId().equals(tenantId) && (types.isEmpty() || types.contains(e.type()))) {
        page.add(e);
      }
    }
    return Future.succeededFuture(page);
  }

  @Override
  public synchronized Future<Optional<EventRecord>> find(String tenantId, String eventId) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(eventId)).filter(e -> e.tenantId().equals(tenantId)));
  }

  @Override
  public synchronized Future<List<Delivery>> deliveries(String eventId) {
    return Future.succeededFuture(current(eventId));
  }

  @Override
  public synchronized Future<List<Delivery>> redeliver(String eventId, Instant now) {
    for (DeliveryState state : deliveries.getOrDefault(eventId, Map.of()).values()) {
      if (!disabledEndpoints.contains(state.delivery.endpointId())) {
        state.delivery = state.delivery.dueAgain(now);
      }
    }
    return Future.succeededFuture(current(eventId));
  }

  @Override
  public synchronized Future<List<Delivery.Due>> lease(Instant now, Duration lease, String endpointId, int limit) {
    List<DeliveryState> due = new ArrayList<>();
    for (Map<String, DeliveryState> perEndpoint : deliveries.values()) {
      for (DeliveryState state : perEndpoint.values()) {
        Delivery d = state.delivery;
        if (d.status() == Delivery.Status.PENDING && !d.nextAttemptAt().isAfter(now)
            && (state.leaseUntil == null || !state.leaseUntil.isAfter(now))
            && d.endpointId().equals(endpointId)) {
          due.add(state);
        }
      }
    }
    due.sort(Comparator.comparing((DeliveryState s) -> s.delivery.nextAttemptAt())
        .thenComparing(s -> byId.get(s.delivery.eventId()).sequence()));
    List<Delivery.Due> leased = new ArrayList<>();
    for (DeliveryState state : due.subList(0, Math.min(limit, due.size()))) {
      state.leaseUntil = now.plus(lease);
      Delivery d = state.delivery;
      leased.add(new Delivery.Due(d.eventId(), d.endpointId(), d.attempts(), byId.get(d.eventId()).json()));
    }
    return Future.succeededFuture(leased);
  }

  @Override
  public synchronized Future<Void> resolve(String eventId, String endpointId, Delivery.Outcome outcome) {
    DeliveryState state = deliveries.getOrDefault(eventId, Map.of()).get(endpointId);
    if (state == null) {
      return Future.succeededFuture();
    }
    state.leaseUntil = null;
    state.delivery = state.delivery.after(outcome);
    if (outcome instanceof Delivery.Outcome.Gone) {
      disabledEndpoints.add(endpointId);
      for (Map<String, DeliveryState> perEndpoint : deliveries.values()) {
        DeliveryState other = perEndpoint.get(endpointId);
        if (other != null && other.delivery.status() == Delivery.Status.PENDING) {
          other.delivery = other.delivery.disabled();
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Integer> recordExpiring(Instant now, Duration lead, int limit) {
    List<Outbox.NewEvent> events = new ArrayList<>();
    for (ConsentRecord consent : authorisedExpiringBefore.apply(now, now.plus(lead))) {
      if (events.size() >= limit) {
        break;
      }
      Instant deadline = consent.nextDeadlineAfter(now);
      if (!deadline.equals(expiringNotices.get(consent.id()))) {
        expiringNotices.put(consent.id(), deadline);
        events.add(outbox.event(ConsentEventType.EXPIRING, consent));
      }
    }
    append(events);
    return Future.succeededFuture(events.size());
  }

  @Override
  public synchronized Future<Integer> purge(Instant cutoff) {
    int dropped = 0;
    for (Iterator<EventRecord> it = bySequence.values().iterator(); it.hasNext(); ) {
      EventRecord e = it.next();
      if (!e.createdAt().isBefore(cutoff)) {
        break;
      }
      it.remove();
      byId.remove(e.id());
      deliveries.remove(e.id());
      dropped++;
    }
    expiringNotices.values().removeIf(deadline -> deadline.isBefore(cutoff));
    return Future.succeededFuture(dropped);
  }

  @Override
  public synchronized Future<Backlog> backlog() {
    long pending = 0;
    Instant oldest = null;
    for (Map<String, DeliveryState> perEndpoint : deliveries.values()) {
      for (DeliveryState state : perEndpoint.values()) {
        if (state.delivery.status() == Delivery.Status.PENDING) {
          pending++;
          Instant created = byId.get(state.delivery.eventId()).createdAt();
          oldest = oldest == null || created.isBefore(oldest) ? created : oldest;
        }
      }
    }
    return Future.succeededFuture(new Backlog(pending, oldest));
  }

  /** Events held now; for tests of the bound. */
  synchronized int size() {
    return bySequence.size();
  }

  private void drop(EventRecord e) {
    bySequence.remove(e.sequence());
    byId.remove(e.id());
    deliveries.remove(e.id());
  }

  private List<Delivery> current(String eventId) {
    return deliveries.getOrDefault(eventId, Map.of()).values().stream().map(s -> s.delivery).toList();
  }
}
