package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.security.RateLimitOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code lifecycle} section: how the background {@link ConsentTracker} re-reads consents that
 * are not final. Defaults live in {@code gateway-defaults.yaml} (documented there).
 *
 * @param enabled whether this node runs the tracker at all
 * @param tickInterval how often the node looks for due consents
 * @param batchSize the most consents one look leases
 * @param lease how long a leased consent is this node's alone (longer than one provider read)
 * @param jitter a random delay up to this is added to every next check, so checks spread out
 * @param awaitingInterval between checks of a consent awaiting authorisation while its journey is open
 * @param authorizedInterval between checks of an authorised consent far from its deadlines
 * @param deadlineWindow within this of {@code expiresAt} or {@code reconfirmBy}, checks come more often
 * @param deadlineInterval between checks inside the deadline window
 * @param retryInterval after a failed or unconfirmed check (or an unknown status), the next one
 * @param abandonedGrace after the journey link expired, how long to wait before the last check that
 *     ends an unfinished journey as {@code expired} ({@code journey_abandoned})
 * @param defaultRate each provider's token bucket for tracker reads, unless {@code providerRates} names it
 * @param providerRates per-provider token buckets for tracker reads, by provider id
 */
public record LifecycleOptions(boolean enabled, Duration tickInterval, int batchSize, Duration lease, Duration jitter,
    Duration awaitingInterval, Duration authorizedInterval, Duration deadlineWindow, Duration deadlineInterval,
    Duration retryInterval, Duration abandonedGrace, RateLimitOptions defaultRate,
    Map<String, RateLimitOptions> providerRates) {

  public LifecycleOptions {
    providerRates = providerRates == null ? Map.of() : Map.copyOf(providerRates);
  }

  /** The token bucket for {@code provider}'s tracker reads. */
  public RateLimitOptions rateFor(String provider) {
    return providerRates.getOrDefault(provider, defaultRate);
  }

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    positive(problems, at + ".tickInterval", tickInterval);
    if (batchSize < 1) {
      problems.add(at + ".batchSize must be at least 1");
    }
    positive(problems, at + ".lease", lease);
    if (jitter == null || jitter.isNegative()) {
      problems.add(at + ".jitter must not be negative");
    }
    positive(problems, at + ".awaitingInterval", awaitingInterval);
    positive(problems, at + ".authorizedInterval", authorizedInterval);
    if (deadlineWindow == null || deadlineWindow.isNegative()) {
      problems.add(at + ".deadlineWindow must not be negative");
    }
    positive(problems, at + ".deadlineInterval", deadlineInterval);
    positive(problems, at + ".retryInterval", retryInterval);
    if (abandonedGrace == null || abandonedGrace.isNegative()) {
      problems.add(at + ".abandonedGrace must not be negative");
    }
    if (defaultRate == null) {
      problems.add(at + ".defaultRate is required");
    } else {
      problems.addAll(defaultRate.problems(at + ".defaultRate"));
    }
    providerRates.forEach((provider, rate) -> problems.addAll(rate.problems(at + ".providerRates." + provider)));
    return problems;
  }

  private static void positive(List<String> problems, String at, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(at + " must be positive");
    }
  }
}
