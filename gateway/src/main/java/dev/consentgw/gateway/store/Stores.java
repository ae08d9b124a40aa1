package dev.consentgw.gateway.store;

import io.vertx.core.Future;

/** The gateway's state, whichever implementation holds it. */
public interface Stores {

  ConsentStore consents();

  IdempotencyStore idempotency();

  /** The events outbox, written with every consent change. */
  EventStore events();

  /** "postgres" or "memory", for health reports. */
  String kind();

  /** Succeeds when the store answers now; for {@code /health/ready}. */
  Future<Void> check();

  /** Releases connections and timers; the stores are unusable afterwards. */
  Future<Void> close();
}
