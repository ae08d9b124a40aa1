package dev.consentgw.gateway.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code resilience} section of the configuration, bound as it is: how upstream calls are
 * guarded. Defaults live in {@code gateway-defaults.yaml}; {@link #problems} checks the values. The
 * per-call timeout is the HTTP client's ({@code http.requestTimeout}).
 *
 * @param requestDeadline the longest all upstream calls for one facade request may take, retries
 *     and backoff included
 */
public record ResilienceOptions(Duration requestDeadline, Retries retries, Bulkhead bulkhead, Breaker providerBreaker,
    InstitutionBreaker institutionBreaker) {

  /**
   * Retries of idempotent calls.
   *
   * @param maxRetries retries per call after the first attempt
   * @param backoff the mean pause before a retry; each pause is drawn from [backoff/2, 3·backoff/2)
   * @param budgetRatio retries may be at most this share of a provider's first attempts ...
   * @param budgetMinimum ... or this many, if that is more, within ...
   * @param budgetWindow ... any sliding window of this length
   */
  public record Retries(int maxRetries, Duration backoff, double budgetRatio, int budgetMinimum,
      Duration budgetWindow) {
  }

  /** @param maxConcurrentCalls calls in flight per provider; more are refused at once */
  public record Bulkhead(int maxConcurrentCalls) {
  }

  /**
   * One circuit breaker.
   *
   * @param failureThreshold consecutive failures that open it
   * @param openFor how long it refuses calls before letting one probe through
   */
  public record Breaker(int failureThreshold, Duration openFor) {
  }

  /**
   * The breaker of each institution, and the bounds of their registry (per provider): institution
   * ids come from consumers' requests, so the breakers kept for them must not grow without limit.
   *
   * @param maxTracked the most institution breakers kept; the least useful go first beyond it
   * @param idleExpiry an institution breaker without calls for this long is forgotten
   */
  public record InstitutionBreaker(int failureThreshold, Duration openFor, int maxTracked, Duration idleExpiry) {

    /** The settings of each institution's breaker. */
    public Breaker breaker() {
      return new Breaker(failureThreshold, openFor);
    }
  }

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!positive(requestDeadline)) {
      problems.add(at + ".requestDeadline must be positive");
    }
    if (retries.maxRetries() < 0 || retries.budgetMinimum() < 0) {
      problems.add(at + ".retries.maxRetries and budgetMinimum must not be negative");
    }
    if (retries.backoff() == null || retries.backoff().isNegative()) {
      problems.add(at + ".retries.backoff must not be negative");
    }
    if (retries.budgetRatio() < 0 || retries.budgetRatio() > 1) {
      problems.add(at + ".retries.budgetRatio must be between 0 and 1");
    }
    if (!positive(retries.budgetWindow())) {
      problems.add(at + ".retries.budgetWindow must be positive");
    }
    if (bulkhead.maxConcurrentCalls() < 1) {
      problems.add(at + ".bulkhead.maxConcurrentCalls must be at least 1");
    }
    breakerProblems(at + ".providerBreaker", providerBreaker, problems);
    breakerProblems(at + ".institutionBreaker", institutionBreaker.breaker(), problems);
    if (institutionBreaker.maxTracked() < 1) {
      problems.add(at + ".institutionBreaker.maxTracked must be at least 1");
    }
    if (!positive(institutionBreaker.idleExpiry())) {
      problems.add(at + ".institutionBreaker.idleExpiry must be positive");
    }
    return problems;
  }

  private static void breakerProblems(String at, Breaker breaker, List<String> problems) {
    if (breaker.failureThreshold() < 1 || !positive(breaker.openFor())) {
      problems.add(at + " needs failureThreshold >= 1 and a positive openFor");
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
