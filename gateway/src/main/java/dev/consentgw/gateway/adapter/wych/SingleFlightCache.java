package dev.consentgw.gateway.adapter.wych;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Caches values that are expensive or rate-limited to fetch (tokens, user ids) until their refresh
 * time. Single-flight: while a value is being fetched, every caller for that key shares the one
 * in-flight fetch. A failed fetch is remembered for the failure pause, if there is one: callers in
 * that time fail at once instead of asking again, so a failing endpoint is not hammered by the
 * callers that arrive right after a failure. Safe to use from several event loops.
 *
 * @param <K> the key, e.g. a user id
 * @param <V> the cached value; never printed by this class
 */
final class SingleFlightCache<K, V> {

  /** A fetched value and the instant from which it must be fetched again. */
  record Fresh<V>(V value, Instant refreshAt) {

    @Override
    public String toString() {
      // Values are tokens: never print them.
      return "Fresh[refreshAt=" + refreshAt + "]";
    }
  }

  private sealed interface Slot<V> permits Cached, InFlight, Failed {
  }

  private record Cached<V>(Fresh<V> fresh) implements Slot<V> {
  }

  private record InFlight<V>(Promise<V> promise) implements Slot<V> {
  }

  private record Failed<V>(Throwable failure, Instant pausedUntil) implements Slot<V> {
  }

  private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxEntries;
  private final Duration failurePause;
  private final BiFunction<Throwable, Duration, Throwable> whilePaused;

  /** A cache that remembers no failure. */
  SingleFlightCache(Clock clock, int maxEntries) {
    this(clock, maxEntries, Duration.ZERO, (failure, left) -> failure);
  }

  /**
   * @param maxEntries when exceeded, expired entries are dropped, then arbitrary ones: the cache
   *     only saves upstream calls, so losing an entry costs one fetch
   * @param failurePause how long a failed fetch is remembered (zero: not at all)
   * @param whilePaused the failure a caller gets during the pause, from the fetch's failure and the
   *     time left
   */
  SingleFlightCache(Clock clock, int maxEntries, Duration failurePause,
      BiFunction<Throwable, Duration, Throwable> whilePaused) {
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.failurePause = failurePause;
    this.whilePaused = whilePaused;
  }

  /** The cached value for {@code key}, or the result of the one fetch in flight, or a new fetch. */
  Future<V> get(K key, Supplier<Future<Fresh<V>>> fetch) {
    Slot<V> current = slots.get(key);
    if (current instanceof Cached<V> cached && isFresh(cached)) {
      return Future.succeededFuture(cached.fresh().value());
    }
    if (current instanceof Failed<V> failed && isPaused(failed)) {
      return paused(failed);
    }
    Promise<V> mine = Promise.promise();
    Slot<V> slot = slots.compute(key, (k, existing) -> existing instanceof InFlight<V>
        || existing instanceof Cached<V> c && isFresh(c) || existing instanceof Failed<V> f && isPaused(f)
        ? existing : new InFlight<>(mine));
    if (slot instanceof Cached<V> cached) {
      return Future.succeededFuture(cached.fresh().value());
    }
    if (slot instanceof Failed<V> failed) {
      return paused(failed);
    }
    InFlight<V> inFlight = (InFlight<V>) slot;
    if (inFlight.promise() == mine) {
      trim();
      start(key, inFlight, fetch);
    }
    return inFlight.promise().future();
  }

  /**
   * Drops {@code value} if it is still the cached value for {@code key} (e.g. a token upstream
   * rejected), so the next caller fetches a fresh one; a newer value is kept.
   */
  void invalidate(K key, V value) {
    slots.computeIfPresent(key, (k, slot) ->
        slot instanceof Cached<V> cached && Objects.equals(cached.fresh().value(), value) ? null : slot);
  }

  int size() {
    return slots.size();
  }

  private void start(K key, InFlight<V> inFlight, Supplier<Future<Fresh<V>>> fetch) {
    Future<Fresh<V>> fetched;
    try {
      fetched = fetch.get();
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    fetched.onComplete(result -> {
      if (result.succeeded()) {
        slots.replace(key, inFlight, new Cached<>(result.result()));
        inFlight.promise().complete(result.result().value());
      } else {
        if (failurePause.isZero()) {
          slots.remove(key, inFlight);
        } else {
          slots.replace(key, inFlight, new Failed<>(result.cause(), clock.instant().plus(failurePause)));
        }
        inFlight.promise().fail(result.cause());
      }
    });
  }

  private boolean isFresh(Cached<V> cached) {
    return clock.instant().isBefore(cached.fresh().refreshAt());
  }

  private boolean isPaused(Failed<V> failed) {
    return clock.instant().isBefore(failed.pausedUntil());
  }

  private Future<V> paused(Failed<V> failed) {
    return Future.failedFuture(whilePaused.apply(failed.failure(), Duration.between(clock.instant(), failed.pausedUntil())));
  }

  private void trim() {
    if (slots.size() <= maxEntries) {
      return;
    }
    slots.entrySet().removeIf(e -> e.getValue() instanceof Cached<V> c && !isFresh(c)
        || e.getValue() instanceof Failed<V> f && !isPaused(f));
    Iterator<Map.Entry<K, Slot<V>>> it = slots.entrySet().iterator();
    while (slots.size() > maxEntries && it.hasNext()) {
      if (!(it.next().getValue() instanceof InFlight<V>)) {
        it.remove();
      }
    }
  }
}
