package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.EventsApi;
import dev.consentgw.facade.model.DeliveryList;
import dev.consentgw.facade.model.Event;
import dev.consentgw.facade.model.EventPage;
import dev.consentgw.gateway.facade.ProblemDocument.FieldError;
import dev.consentgw.gateway.store.ConsentEventType;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.EventRecord;
import dev.consentgw.gateway.store.EventStore;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code /v1/events}: the tenant's event feed, and each event's webhook deliveries. */
public final class EventsHandler implements EventsApi {

  private static final int DEFAULT_LIMIT = 50;
  private static final String CURSOR_PREFIX = "evt:";

  private final EventStore events;
  private final TenantRegistry tenants;
  private final ObjectMapper json;
  private final Clock clock;

  public EventsHandler(EventStore events, TenantRegistry tenants, ObjectMapper json, Clock clock) {
    this.events = events;
    this.tenants = tenants;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Future<ApiResponse<EventPage>> listEvents(String xRequestId, String after, String types, Integer limit,
      User caller) {
    Tenant tenant = tenants.of(caller);
    long position = after == null ? 0 : position(after);
    Set<ConsentEventType> wanted = EnumSet.noneOf(ConsentEventType.class);
    if (types != null) {
      for (String name : types.split(",")) {
        ConsentEventType.fromWireName(name).ifPresent(wanted::add);
      }
      if (wanted.isEmpty()) {
        // Only unknown types: nothing can match, and the cursor stays where it is.
        return Future.succeededFuture(ApiResponse.ok(page(List.of(), position)));
      }
    }
    return events.feed(tenant.id(), position, wanted, limit == null ? DEFAULT_LIMIT : limit)
        .map(records -> ApiResponse.ok(page(records,
            records.isEmpty() ? position : records.get(records.size() - 1).sequence())));
  }

  @Override
  public Future<ApiResponse<DeliveryList>> listEventDeliveries(String eventId, String xRequestId, User caller) {
    return ownEvent(tenants.of(caller), eventId)
        .compose(e -> events.deliveries(e.id()))
        .map(deliveries -> ApiResponse.ok(list(deliveries)));
  }

  @Override
  public Future<ApiResponse<DeliveryList>> redeliverEvent(String eventId, String xRequestId, User caller) {
    return ownEvent(tenants.of(caller), eventId)
        .compose(e -> events.redeliver(e.id(), clock.instant()))
        .map(deliveries -> ApiResponse.of(202, list(deliveries)));
  }

  private Future<EventRecord> ownEvent(Tenant tenant, String eventId) {
    return events.find(tenant.id(), eventId).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new ProblemException(ProblemDocument.of(404, "event_not_found",
            "Event not found", "No event with this id for your tenant (events are kept for a limited time).")))));
  }

  private EventPage page(List<EventRecord> records, long last) {
    List<Event> data = new ArrayList<>(records.size());
    for (EventRecord r : records) {
      try {
        data.add(json.readValue(r.json(), Event.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    EventPage page = new EventPage();
    page.setData(data);
    page.setNextCursor(cursor(last));
    return page;
  }

  private static DeliveryList list(List<Delivery> deliveries) {
    List<dev.consentgw.facade.model.Delivery> data = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries) {
      dev.consentgw.facade.model.Delivery target = new dev.consentgw.facade.model.Delivery();
      target.setEndpointId(d.endpointId());
      target.setStatus(d.status().wireName());
      target.setAttempts(d.attempts());
      target.setLastError(d.lastError());
      target.setLastAttemptAt(time(d.lastAttemptAt()));
      target.setNextAttemptAt(time(d.nextAttemptAt()));
      target.setDeliveredAt(time(d.deliveredAt()));
      data.add(target);
    }
    DeliveryList list = new DeliveryList();
    list.setData(data);
    return list;
  }

  static String cursor(long position) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((CURSOR_PREFIX + position).getBytes(StandardCharsets.UTF_8));
  }

  static long position(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        long position = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
        if (position >= 0) {
          return position;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ProblemException(new ProblemDocument(400, "validation_failed", "The request is not valid",
        "The cursor is malformed.", null, List.of(new FieldError("/query/after", "is not a cursor from this feed")), 0));
  }

  private static java.time.OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }
}
