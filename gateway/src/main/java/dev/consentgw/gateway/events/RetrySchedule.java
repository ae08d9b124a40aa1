package dev.consentgw.gateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the first attempt is made at once, and after the n-th failed
 * attempt the n-th configured pause follows, each with jitter, so that
 * receivers coming back after an outage are not hit by every sender at the same instant.
 */
public final class RetrySchedule {

  private final List<Duration> pauses;
  private final double jitter;
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1) */
  public RetrySchedule(List<Duration> pauses, double jitter, DoubleSupplier random) {
    this.pauses = List.copyOf(pauses);
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * When to try again after {@code attemptsMade} attempts ended at {@code now}; null when the
   * schedule is used up and the delivery has failed for good.
   */
  public Instant next(int attemptsMade, Instant now) {
    if (attemptsMade < 1 || attemptsMade > pauses.size()) {
      return null;
    }
    long millis = pauses.get(attemptsMade - 1).toMillis();
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return now.plusMillis(Math.round(millis * factor));
  }
}
