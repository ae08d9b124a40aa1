package dev.consentgw.gateway.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoredResponse;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The embedded idempotency store: records live {@code retention} from their first request, at most
 * {@code maxRecords} of them; an in-flight claim older than {@code lease} no longer holds its key.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  /** @param resourceId reserved by the claim; the response's once completed */
  private record Entry(String fingerprint, Instant createdAt, Instant leaseUntil, String resourceId,
      StoredResponse response) {
  }

  private final Clock clock;
  private final Duration retention;
  private final Duration lease;
  private final Cache<String, Entry> entries;

  public InMemoryIdempotencyStore(Clock clock, Duration retention, Duration lease, long maxRecords) {
    this.clock = clock;
    this.retention = retention;
    this.lease = lease;
    this.entries = Caffeine.newBuilder()
        .maximumSize(maxRecords)
        .expireAfter(Expiry.writing((String key, Entry entry) -> remaining(entry)))
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint,
      String proposedResourceId) {
    Instant now = clock.instant();
    IdempotencyClaim[] outcome = new IdempotencyClaim[1];
    entries.asMap().compute(key(tenantId, key), (k, existing) -> {
      boolean expired = existing == null || !existing.createdAt().plus(retention).isAfter(now);
      boolean leaseLost = existing != null && existing.response() == null && !existing.leaseUntil().isAfter(now)
          && existing.fingerprint().equals(fingerprint);
      if (expired || leaseLost) {
        String resourceId = expired ? proposedResourceId : existing.resourceId();
        outcome[0] = new IdempotencyClaim.Claimed(resourceId);
        return new Entry(fingerprint, now, now.plus(lease), resourceId, null);
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
    // The first response stays: a late second completion (a lapsed claim's first owner) must not replace it.
    entries.asMap().computeIfPresent(key(tenantId, key), (k, e) -> e.response() != null ? e
        : new Entry(e.fingerprint(), e.createdAt(), e.leaseUntil(), response.resourceId(), response));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> abandon(String tenantId, String key) {
    entries.asMap().computeIfPresent(key(tenantId, key), (k, e) -> e.response() == null ? null : e);
    return Future.succeededFuture();
  }

  /** Records held now (after pending evictions); for tests of the bound. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  private static String key(String tenantId, String key) {
    return tenantId + "\u0000" + key;
  }

  /** A record expires {@code retention} after its first request, however often it is replayed. */
  private Duration remaining(Entry entry) {
    Duration left = Duration.between(clock.instant(), entry.createdAt().plus(retention));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
