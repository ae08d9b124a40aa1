package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.CircuitBreaker.Decision;
import dev.consentgw.gateway.resilience.CircuitBreaker.Permit;
import dev.consentgw.gateway.resilience.CircuitBreaker.Rejection;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Everything that stands between one provider and the calls made to it: the provider's circuit
 * breaker, one breaker per institution (created on the first call concerning it, named like the
 * facade's institution id), the bulkhead and the retry budget. Admission asks them in that order
 * and hands back every permit already taken when a later one refuses.
 */
public final class ProviderGuards {

  /**
   * One provider's state as the health endpoints show it.
   *
   * @param institutions the institution breakers with something to report (not closed, or with
   *     failures, rejections or past openings); healthy ones are left out
   */
  public record Snapshot(String provider, CircuitBreaker.Snapshot circuit, Bulkhead.Snapshot bulkhead,
      RetryBudget.Snapshot retryBudget, List<CircuitBreaker.Snapshot> institutions) {
  }

  private final String provider;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final RetryBudget retryBudget;
  private final Function<String, CircuitBreaker> institutionBreakers;
  private final ConcurrentMap<String, CircuitBreaker> institutions = new ConcurrentHashMap<>();

  /** @param institutionBreakers creates the breaker of one institution from its breaker name */
  ProviderGuards(String provider, CircuitBreaker breaker, Bulkhead bulkhead, RetryBudget retryBudget,
      Function<String, CircuitBreaker> institutionBreakers) {
    this.provider = provider;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.retryBudget = retryBudget;
    this.institutionBreakers = institutionBreakers;
  }

  RetryBudget retryBudget() {
    return retryBudget;
  }

  /**
   * Admits one attempt of {@code call}, or refuses it with a {@link ProviderFailure} that carries
   * the time until a retry makes sense (the failure has no stack trace: refusing is routine).
   */
  CallPermits admit(UpstreamCall call) {
    Decision decision = breaker.tryAcquire();
    if (decision instanceof Rejection rejection) {
      throw refused(Kind.UNAVAILABLE, null, "Calls to " + provider + " are paused after repeated failures.",
          rejection.retryAfter());
    }
    Permit providerPermit = (Permit) decision;
    Permit institutionPermit = null;
    if (call.institutionId() != null) {
      Decision atInstitution = institution(call.institutionId()).tryAcquire();
      if (atInstitution instanceof Rejection rejection) {
        providerPermit.release();
        throw refused(Kind.INSTITUTION_UNAVAILABLE, call.institutionId(),
            "Calls to this institution are paused after repeated failures.", rejection.retryAfter());
      }
      institutionPermit = (Permit) atInstitution;
    }
    if (!bulkhead.tryAcquire()) {
      providerPermit.release();
      if (institutionPermit != null) {
        institutionPermit.release();
      }
      throw refused(Kind.UNAVAILABLE, null, "Too many calls to " + provider + " are in flight.", Duration.ZERO);
    }
    return new CallPermits(providerPermit, institutionPermit, bulkhead);
  }

  Snapshot snapshot() {
    List<CircuitBreaker.Snapshot> noteworthy = institutions.values().stream()
        .map(CircuitBreaker::snapshot)
        .filter(s -> s.state() != CircuitBreaker.State.CLOSED || s.consecutiveFailures() > 0 || s.rejectedCalls() > 0
            || s.timesOpened() > 0)
        .sorted(Comparator.comparing(CircuitBreaker.Snapshot::name))
        .toList();
    return new Snapshot(provider, breaker.snapshot(), bulkhead.snapshot(), retryBudget.snapshot(), noteworthy);
  }

  private CircuitBreaker institution(String institutionId) {
    return institutions.computeIfAbsent(institutionId, id -> institutionBreakers.apply(provider + ":" + id));
  }

  private ProviderFailure refused(Kind kind, String institutionId, String detail, Duration retryAfter) {
    return ProviderFailure.refused(new ProviderError(kind, provider, institutionId, 0, detail), retryAfter);
  }
}
