package dev.consentgw.gateway.resilience;

import java.time.Clock;
import java.time.Duration;

/**
 * Caps the retries to one provider at a share of its calls over a sliding window, so that retries
 * can never multiply the load on a provider that is already failing: within any window, retries may
 * number at most {@code ratio} × first attempts, or {@code minimum} if that is more (a quiet
 * gateway still gets its occasional retry). The window slides in {@value #BUCKETS} steps; time
 * comes from the injected clock. Thread-safe.
 */
public final class RetryBudget {

  /** What the health endpoints report: the current window, and retries refused since start. */
  public record Snapshot(long calls, long retries, long deniedRetries) {
  }

  /** Resolution of the sliding window: it moves in steps of window / BUCKETS. */
  static final int BUCKETS = 10;

  private final double ratio;
  private final int minimum;
  private final long bucketMillis;
  private final Clock clock;

  // Guarded by this. Bucket i counts the step whose number is steps[i].
  private final long[] steps = new long[BUCKETS];
  private final long[] calls = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private long deniedRetries;

  RetryBudget(double ratio, int minimum, Duration window, Clock clock) {
    if (ratio < 0 || ratio > 1 || minimum < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("ratio must be within 0..1, minimum >= 0 and the window positive");
    }
    this.ratio = ratio;
    this.minimum = minimum;
    this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    this.clock = clock;
  }

  /** Counts a first attempt (retries are counted by {@link #tryRetry()}). */
  synchronized void recordCall() {
    calls[current()]++;
  }

  /** Takes one retry from the budget; false (and counted) when the window's retries are used up. */
  synchronized boolean tryRetry() {
    int now = current();
    if (sum(retries) + 1 > Math.max(minimum, ratio * sum(calls))) {
      deniedRetries++;
      return false;
    }
    retries[now]++;
    return true;
  }

  synchronized Snapshot snapshot() {
    current();
    return new Snapshot(sum(calls), sum(retries), deniedRetries);
  }

  /** Clears the buckets that slid out of the window; returns the index of the current one. */
  private int current() {
    long step = clock.millis() / bucketMillis;
    int index = (int) Math.floorMod(step, (long) BUCKETS);
    for (int i = 0; i < BUCKETS; i++) {
      if (steps[i] <= step - BUCKETS || i == index && steps[i] != step) {
        steps[i] = i == index ? step : steps[i];
        calls[i] = 0;
        retries[i] = 0;
      }
    }
    return index;
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}
