package dev.consentgw.gateway.store;

import java.time.Instant;

/**
 * One event's delivery to one webhook endpoint.
 *
 * @param nextAttemptAt when the next attempt is due; null once it is no longer pending
 */
public record Delivery(String eventId, String endpointId, Status status, int attempts, String lastError,
    Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt) {

  /** A new delivery, due at once. */
  public static Delivery pending(String eventId, String endpointId, Instant now) {
    return new Delivery(eventId, endpointId, Status.PENDING, 0, null, null, now, null);
  }

  /** This delivery after {@code outcome}. */
  public Delivery after(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered d) {
      return new Delivery(eventId, endpointId, Status.DELIVERED, attempts + 1, lastError, d.at(), null, d.at());
    }
    if (outcome instanceof Outcome.Failed f) {
      return new Delivery(eventId, endpointId, f.nextAttemptAt() == null ? Status.FAILED : Status.PENDING,
          attempts + 1, f.error(), f.at(), f.nextAttemptAt(), deliveredAt);
    }
    if (outcome instanceof Outcome.Gone g) {
      return new Delivery(eventId, endpointId, Status.ENDPOINT_DISABLED, attempts + 1, g.error(), g.at(), null,
          deliveredAt);
    }
    Outcome.Postponed p = (Outcome.Postponed) outcome;
    return new Delivery(eventId, endpointId, status, attempts, lastError, lastAttemptAt, p.nextAttemptAt(), deliveredAt);
  }

  /** This delivery once its endpoint is disabled: never attempted again. */
  public Delivery disabled() {
    return new Delivery(eventId, endpointId, Status.ENDPOINT_DISABLED, attempts, lastError, lastAttemptAt, null,
        deliveredAt);
  }

  /** This delivery asked for again: due at {@code now}, its history kept. */
  public Delivery dueAgain(Instant now) {
    return new Delivery(eventId, endpointId, Status.PENDING, attempts, lastError, lastAttemptAt, now, deliveredAt);
  }

  public enum Status {
    PENDING("pending"),
    DELIVERED("delivered"),
    /** Every scheduled attempt failed. */
    FAILED("failed"),
    /** The endpoint answered 410 Gone (to this or another event) and is no longer called. */
    ENDPOINT_DISABLED("endpoint_disabled");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Status fromWireName(String name) {
      for (Status s : values()) {
        if (s.wireName.equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown delivery status " + name);
    }
  }

  /** What one attempt (or the decision not to attempt) came to. */
  public sealed interface Outcome {
    /** The receiver answered 2xx. */
    record Delivered(Instant at) implements Outcome {
    }

    /** The attempt failed; try again at {@code nextAttemptAt}, or never (null) when the schedule is used up. */
    record Failed(Instant at, String error, Instant nextAttemptAt) implements Outcome {
    }

    /** Not attempted (the endpoint's breaker is open or it is at its in-flight bound): due again later. */
    record Postponed(Instant nextAttemptAt) implements Outcome {
    }

    /** The receiver answered 410 Gone: this endpoint is disabled for every event. */
    record Gone(Instant at, String error) implements Outcome {
    }
  }

  /** A delivery leased by one dispatcher, with what to send. */
  public record Due(String eventId, String endpointId, int attempts, String json) {
  }
}
