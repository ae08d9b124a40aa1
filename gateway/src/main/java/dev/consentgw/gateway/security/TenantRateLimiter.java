package dev.consentgw.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per tenant, shared by every event loop (each bucket is updated under its own
 * lock, held for a few arithmetic operations). Buckets exist only for configured tenants, so the
 * map is bounded by the tenant list.
 */
public final class TenantRateLimiter {

  private static final double NANOS_PER_SECOND = 1e9;

  /**
   * One decision.
   *
   * @param remaining requests left in the bucket after this one
   * @param resetSeconds seconds until the bucket is full again
   * @param retryAfterSeconds when refused, seconds until the next request is allowed; else 0
   */
  public record Decision(boolean allowed, long limit, long windowSeconds, long remaining, long resetSeconds,
      long retryAfterSeconds) {
  }

  private final RateLimitOptions options;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TenantRateLimiter(RateLimitOptions options, LongSupplier nanoTime) {
    this.options = options;
    this.nanoTime = nanoTime;
  }

  /** Takes one request from the tenant's bucket, if there is one left. */
  public Decision acquire(String tenantId) {
    return buckets.computeIfAbsent(tenantId, id -> new Bucket(options.burst(), nanoTime.getAsLong())).take();
  }

  private final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }

    synchronized Decision take() {
      long now = nanoTime.getAsLong();
      double rate = options.requestsPerSecond();
      int size = options.burst();
      tokens = Math.min(size, tokens + (now - updatedNanos) / NANOS_PER_SECOND * rate);
      updatedNanos = now;
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
      }
      long window = (long) Math.ceil(size / rate);
      long reset = (long) Math.ceil((size - tokens) / rate);
      long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / rate));
      return new Decision(allowed, size, window, (long) Math.floor(tokens), reset, retryAfter);
    }
  }
}
