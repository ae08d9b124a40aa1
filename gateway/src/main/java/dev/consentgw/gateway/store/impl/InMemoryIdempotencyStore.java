package dev.consentgw.gateway.store.impl;

import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoredResponse;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded idempotency store. Expired records are treated as absent and purged on demand. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  private record Entry(String fingerprint, Instant createdAt, StoredResponse response) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration retention;

  public InMemoryIdempotencyStore(Clock clock, Duration retention) {
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint) {
    Instant now = clock.instant();
    IdempotencyClaim[] outcome = new IdempotencyClaim[1];
    entries.compute(key(tenantId, key), (k, existing) -> {
      if (existing == null || existing.createdAt().plus(retention).isBefore(now)) {
        outcome[0] = new IdempotencyClaim.Claimed();
        return new Entry(fingerprint, now, null);
      }
      if (!existing.fingerprint().equals(fingerprint)) {
        outcome[0] = new IdempotencyClaim.Conflict();
      } else if (existing.response() == null) {
        outcome[0] = new IdempotencyClaim.InProgress();
      } else {
        outcome[0] = new IdempotencyClaim.Replay(existing.response());
      }
      return existing;
    });
    return Future.succeededFuture(outcome[0]);
  }

  @Override
  public Future<Void> complete(String tenantId, String key, StoredResponse response) {
    entries.computeIfPresent(key(tenantId, key), (k, e) -> new Entry(e.fingerprint(), e.createdAt(), response));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> abandon(String tenantId, String key) {
    entries.computeIfPresent(key(tenantId, key), (k, e) -> e.response() == null ? null : e);
    return Future.succeededFuture();
  }

  /** Drops records past their retention; the gateway calls it periodically. */
  public void purgeExpired() {
    Instant cutoff = clock.instant().minus(retention);
    entries.values().removeIf(e -> e.createdAt().isBefore(cutoff));
  }

  private static String key(String tenantId, String key) {
    return tenantId + "\u0000" + key;
  }
}
