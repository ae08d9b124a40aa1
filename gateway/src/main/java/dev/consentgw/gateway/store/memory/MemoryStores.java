package dev.consentgw.gateway.store.memory;

import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.EventStore;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;

/** The embedded default: bounded, in this process only, lost on restart. */
public final class MemoryStores implements Stores {

  private final InMemoryConsentStore consents;
  private final InMemoryIdempotencyStore idempotency;

  public MemoryStores(Clock clock, StoreOptions options, Duration idempotencyRetention) {
    this(clock, options, idempotencyRetention, Outbox.plain(clock));
  }

  public MemoryStores(Clock clock, StoreOptions options, Duration idempotencyRetention, Outbox outbox) {
    this.consents = new InMemoryConsentStore(clock, options.memory(), outbox);
    this.idempotency = new InMemoryIdempotencyStore(clock, idempotencyRetention, options.idempotencyLease(),
        options.memory().maxIdempotencyRecords());
  }

  @Override
  public ConsentStore consents() {
    return consents;
  }

  @Override
  public EventStore events() {
    return consents.events();
  }

  @Override
  public IdempotencyStore idempotency() {
    return idempotency;
  }

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public Future<Void> check() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
