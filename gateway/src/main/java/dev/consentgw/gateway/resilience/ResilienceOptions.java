package dev.consentgw.gateway.resilience;

import java.time.Duration;

/**
 * How the resilience layer guards upstream calls (values come from the {@code resilience} and
 * {@code http} sections of the configuration).
 *
 * @param callTimeout the longest one attempt may take, all of it: connecting, sending, and
 *     receiving the whole response body; the HTTP exchange is cancelled then
 * @param requestDeadline the longest all upstream calls for one facade request may take, retries
 *     and backoff included
 * @param maxConcurrentCalls the bulkhead: calls in flight per provider
 */
public record ResilienceOptions(Duration callTimeout, Duration requestDeadline, Retries retries,
    int maxConcurrentCalls, Breaker providerBreaker, InstitutionBreakers institutionBreakers) {

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

  /**
   * One kind of circuit breaker.
   *
   * @param failureThreshold consecutive failures that open it
   * @param openFor how long it refuses calls before letting one probe through
   */
  public record Breaker(int failureThreshold, Duration openFor) {
  }

  /**
   * The breakers per institution, and the bounds of their registry (per provider): institution ids
   * come from consumers' requests, so the breakers kept for them must not grow without limit.
   *
   * @param breaker the settings of each institution's breaker
   * @param maxTracked the most institution breakers kept; the least useful go first beyond it
   * @param idleExpiry an institution breaker without calls for this long is forgotten
   */
  public record InstitutionBreakers(Breaker breaker, int maxTracked, Duration idleExpiry) {
  }
}
