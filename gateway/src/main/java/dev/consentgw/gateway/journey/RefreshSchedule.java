package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * When the tracker should next read a consent from its provider: never once it is final; every
 * {@code awaitingInterval} while its journey is open (decoupled approvals finish without a
 * callback), then once more when the grace period ends; daily-ish while authorised, more often as
 * {@code expiresAt} or {@code reconfirmBy} approaches, and right at the deadline. A random jitter
 * spreads the checks so a batch of consents created together does not stay together.
 */
public final class RefreshSchedule {

  private final LifecycleOptions options;
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1) */
  public RefreshSchedule(LifecycleOptions options, DoubleSupplier random) {
    this.options = options;
    this.random = random;
  }

  /** When an unfinished journey is abandoned: its link's end plus the grace period; null when it has no link. */
  public Instant abandonAt(ConsentRecord record) {
    return record.journeyExpiresAt() == null ? null : record.journeyExpiresAt().plus(options.abandonedGrace());
  }

  /** Whether {@code record} is an unfinished journey past its link's lifetime and the grace period. */
  public boolean abandoned(ConsentRecord record, Instant now) {
    Instant abandonAt = abandonAt(record);
    return record.status() == ConsentStatus.AWAITING_AUTHORIZATION && abandonAt != null && !now.isBefore(abandonAt);
  }

  /** The next check of {@code record} after a check at {@code now}; null for never. */
  public Instant next(ConsentRecord record, Instant now) {
    if (record.status().isTerminal()) {
      return null;
    }
    if (record.status() == ConsentStatus.AWAITING_AUTHORIZATION) {
      Instant regular = jittered(now.plus(options.awaitingInterval()));
      Instant abandonAt = abandonAt(record);
      // No jitter on the last check: the journey ends when the grace period says.
      return abandonAt != null && abandonAt.isBefore(regular) ? max(abandonAt, now) : regular;
    }
    if (record.status() == ConsentStatus.UNKNOWN || record.statusStale()) {
      return jittered(now.plus(options.retryInterval()));
    }
    Instant deadline = Stream.of(record.expiresAt(), record.reconfirmBy())
        .filter(d -> d != null && d.isAfter(now))
        .min(Instant::compareTo)
        .orElse(null);
    Instant regular = jittered(now.plus(options.authorizedInterval()));
    if (deadline == null) {
      return regular;
    }
    Instant windowStart = deadline.minus(options.deadlineWindow());
    if (now.isBefore(windowStart)) {
      return min(regular, windowStart);
    }
    // Inside the window: often, and once right after the deadline to see what the provider made of it.
    return min(jittered(now.plus(options.deadlineInterval())), deadline);
  }

  private Instant jittered(Instant at) {
    long jitterMillis = (long) (options.jitter().toMillis() * random.getAsDouble());
    return at.plus(Duration.ofMillis(jitterMillis));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
