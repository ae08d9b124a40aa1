package dev.consentgw.gateway.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;

/**
 * One provider's institution breakers, created on the first call concerning an institution. The
 * institution id comes from the consumer's request, so the registry is bounded: at most
 * {@code maxTracked} breakers, each forgotten after {@code idleExpiry} without a call. A forgotten
 * breaker starts again closed; with the defaults that only happens to a breaker nobody asked about
 * for far longer than it stays open, or when far more institutions are in use than any provider has.
 */
final class InstitutionBreakers {

  private final Cache<String, BreakerGuard> breakers;
  private final Function<String, BreakerGuard> create;

  /** @param create makes the breaker of one institution from its id */
  InstitutionBreakers(int maxTracked, Duration idleExpiry, Function<String, BreakerGuard> create) {
    this(maxTracked, idleExpiry, create, Ticker.systemTicker());
  }

  InstitutionBreakers(int maxTracked, Duration idleExpiry, Function<String, BreakerGuard> create, Ticker ticker) {
    this.breakers = Caffeine.newBuilder()
        .maximumSize(maxTracked)
        .expireAfterAccess(idleExpiry)
        .ticker(ticker)
        // Evicting is a few map operations: do it on the calling thread, not on the common pool.
        .executor(Runnable::run)
        .build();
    this.create = create;
  }

  /** The institution's breaker, created if it is not tracked (any more). */
  BreakerGuard get(String institutionId) {
    return breakers.get(institutionId, create);
  }

  Collection<BreakerGuard> all() {
    return breakers.asMap().values();
  }

  /** How many breakers are tracked, after pending evictions ran (for tests). */
  long tracked() {
    breakers.cleanUp();
    return breakers.estimatedSize();
  }
}
