package dev.consentgw.gateway.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Turns a consent change into the events to record with it, and says which webhook endpoints each
 * event is for; the stores write both in the same transaction as the change.
 */
public final class Outbox {

  private static final int ID_BYTES = 16;
  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** The webhook endpoints (ids) subscribed to one tenant's events of one type. */
  @FunctionalInterface
  public interface Subscriptions {
    Set<String> endpointsFor(String tenantId, ConsentEventType type);
  }

  /** An event not yet stored (no feed position yet), and the endpoints to deliver it to. */
  public record NewEvent(String id, String tenantId, ConsentEventType type, Instant createdAt, String consentId,
      String json, Set<String> endpoints) {

    public EventRecord at(long sequence) {
      return new EventRecord(sequence, id, tenantId, type, createdAt, consentId, json);
    }
  }

  private final Clock clock;
  private final EventRenderer renderer;
  private final Subscriptions subscriptions;
  private final SecureRandom random = new SecureRandom();

  public Outbox(Clock clock, EventRenderer renderer, Subscriptions subscriptions) {
    this.clock = clock;
    this.renderer = renderer;
    this.subscriptions = subscriptions;
  }

  /** Records events without rendering or delivering them: for stores used on their own in tests. */
  public static Outbox plain(Clock clock) {
    return new Outbox(clock, (id, type, at, consent) -> "{\"id\":\"" + id + "\"}", (tenant, type) -> Set.of());
  }

  /** @param before null for a new consent */
  public List<NewEvent> changes(ConsentRecord before, ConsentRecord after) {
    List<ConsentEventType> types = ConsentChangeEvents.of(before, after);
    List<NewEvent> events = new ArrayList<>(types.size());
    for (ConsentEventType type : types) {
      events.add(event(type, after));
    }
    return events;
  }

  /** One event of {@code type} about {@code consent} as it is now. */
  public NewEvent event(ConsentEventType type, ConsentRecord consent) {
    String id = newId();
    Instant now = clock.instant();
    return new NewEvent(id, consent.tenantId(), type, now, consent.id(), renderer.render(id, type, now, consent),
        Set.copyOf(subscriptions.endpointsFor(consent.tenantId(), type)));
  }

  private String newId() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return "evt_" + ID_ENCODER.encodeToString(bytes);
  }
}
