package dev.consentgw.gateway.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events:} section of {@code gateway-defaults.yaml} (every default documented there): how
 * long the feed keeps events, when {@code consent.expiring} is announced, and how webhooks are
 * delivered.
 *
 * @param retention events older than this leave the feed (and are no longer delivered)
 * @param expiringLeadTime {@code consent.expiring} is recorded this long before a consent's expiry
 * @param maintenanceInterval how often expiring consents are looked for and old events deleted
 */
public record EventsOptions(Duration retention, Duration expiringLeadTime, Duration maintenanceInterval,
    Delivery delivery) {

  static final Duration MIN_RETRY_WINDOW = Duration.ofHours(24);

  /**
   * @param schedule the pauses between attempts: the first attempt is made at once, the n-th pause
   *     follows the n-th failed attempt; when it is used up the delivery is {@code failed}
   * @param jitter each pause is drawn from {@code (1 - jitter)} to {@code (1 + jitter)} times its value
   * @param pollInterval how often each node looks for due deliveries
   * @param batchSize deliveries leased at most per look
   * @param lease how long a leased delivery is held by its node; keep it above {@code timeout}
   * @param timeout one attempt (connecting, sending, the whole answer) is abandoned after this long
   * @param maxInFlightPerEndpoint attempts in flight at once per endpoint on one node
   * @param breakerFailures consecutive failed attempts that open an endpoint's breaker
   * @param breakerOpenFor how long an open breaker keeps its endpoint's deliveries waiting
   * @param allowPrivateDestinations whether webhook URLs may resolve to private, loopback or
   *     link-local addresses (SSRF guard off); {@code false} in production
   */
  public record Delivery(List<Duration> schedule, double jitter, Duration pollInterval, int batchSize, Duration lease,
      Duration timeout, int maxInFlightPerEndpoint, int breakerFailures, Duration breakerOpenFor,
      boolean allowPrivateDestinations, int maxPoolSize) {

    public Delivery {
      schedule = List.copyOf(schedule);
    }

    /** The time all scheduled pauses add up to (without jitter). */
    public Duration retryWindow() {
      return schedule.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  /** Every problem with these settings; empty when they are usable. */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!positive(retention) || !positive(expiringLeadTime) || !positive(maintenanceInterval)) {
      problems.add(at + ".retention, expiringLeadTime and maintenanceInterval must be positive");
    }
    Delivery d = delivery;
    if (d.schedule().isEmpty() || d.schedule().stream().anyMatch(p -> p == null || p.isNegative())) {
      problems.add(at + ".delivery.schedule must list at least one pause, none negative");
    } else if (d.retryWindow().compareTo(MIN_RETRY_WINDOW) < 0) {
      problems.add(at + ".delivery.schedule must add up to at least " + MIN_RETRY_WINDOW.toHours()
          + " hours (receivers get a day to come back)");
    }
    if (!(d.jitter() >= 0 && d.jitter() < 1)) {
      problems.add(at + ".delivery.jitter must be at least 0 and below 1");
    }
    if (!positive(d.pollInterval()) || !positive(d.timeout()) || !positive(d.breakerOpenFor())) {
      problems.add(at + ".delivery.pollInterval, timeout and breakerOpenFor must be positive");
    }
    if (!positive(d.lease()) || d.timeout() != null && d.lease().compareTo(d.timeout()) <= 0) {
      problems.add(at + ".delivery.lease must be longer than delivery.timeout");
    }
    if (d.batchSize() < 1 || d.maxInFlightPerEndpoint() < 1 || d.breakerFailures() < 1 || d.maxPoolSize() < 1) {
      problems.add(at + ".delivery.batchSize, maxInFlightPerEndpoint, breakerFailures and maxPoolSize must be at least 1");
    }
    return problems;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
