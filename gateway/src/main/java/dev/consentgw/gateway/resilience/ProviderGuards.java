package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.UpstreamOutcome;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;

import io.vertx.circuitbreaker.CircuitBreakerState;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Everything that stands between one provider and the calls made to it: the provider's circuit
 * breaker, one breaker per institution (named like the facade's institution id, kept in a bounded
 * registry), the bulkhead and the retry budget.
 *
 * <p>Admission asks the provider breaker, then the institution breaker, then the bulkhead, and
 * enters the library breakers only once all three said yes: a call refused by a later guard never
 * touches an earlier breaker (no half-open probe taken, no count reset). It holds both breakers'
 * monitors meanwhile (always provider first), so neither can change state between being asked and
 * being entered.
 */
public final class ProviderGuards {

  /**
   * One provider's state as the health endpoints show it.
   *
   * @param institutions the institution breakers with something to report (not closed, or with
   *     failures, rejections or past openings); healthy ones are left out
   */
  public record Snapshot(String provider, BreakerGuard.Snapshot circuit, Bulkhead.Snapshot bulkhead,
      RetryBudget.Snapshot retryBudget, List<BreakerGuard.Snapshot> institutions) {
  }

  private final String provider;
  private final BreakerGuard breaker;
  private final InstitutionBreakers institutions;
  private final Bulkhead bulkhead;
  private final RetryBudget retryBudget;
  private final GatewayMetrics metrics;

  ProviderGuards(String provider, BreakerGuard breaker, InstitutionBreakers institutions, Bulkhead bulkhead,
      RetryBudget retryBudget) {
    this(provider, breaker, institutions, bulkhead, retryBudget, GatewayMetrics.NONE);
  }

  /** @param metrics counts each refusal as an upstream call with outcome refused_by_breaker or refused_by_bulkhead */
  ProviderGuards(String provider, BreakerGuard breaker, InstitutionBreakers institutions, Bulkhead bulkhead,
      RetryBudget retryBudget, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.provider = provider;
    this.breaker = breaker;
    this.institutions = institutions;
    this.bulkhead = bulkhead;
    this.retryBudget = retryBudget;
  }

  RetryBudget retryBudget() {
    return retryBudget;
  }

  InstitutionBreakers institutions() {
    return institutions;
  }

  /**
   * Admits one attempt of {@code call}, or refuses it with a {@link ProviderFailure} that carries
   * the time until a retry makes sense (the failure has no stack trace: refusing is routine).
   */
  CallPermits admit(UpstreamCall call) {
    synchronized (breaker.monitor()) {
      Duration wait = breaker.refusal();
      if (wait != null) {
        throw refusedBy(UpstreamOutcome.REFUSED_BY_BREAKER, call, providerPaused(wait));
      }
      if (call.institutionId() == null) {
        return enter(call, null);
      }
      BreakerGuard institution = institutions.get(call.institutionId());
      synchronized (institution.monitor()) {
        wait = institution.refusal();
        if (wait != null) {
          throw refusedBy(UpstreamOutcome.REFUSED_BY_BREAKER, call, institutionPaused(call, wait));
        }
        return enter(call, institution);
      }
    }
  }

  Snapshot snapshot() {
    List<BreakerGuard.Snapshot> noteworthy = institutions.all().stream()
        .map(BreakerGuard::snapshot)
        .filter(BreakerGuard.Snapshot::noteworthy)
        .sorted(Comparator.comparing(BreakerGuard.Snapshot::name))
        .toList();
    return new Snapshot(provider, breaker.snapshot(), bulkhead.snapshot(), retryBudget.snapshot(), noteworthy);
  }

  /** The breakers said yes (their monitors are held): take a bulkhead slot, then enter them. */
  private CallPermits enter(UpstreamCall call, BreakerGuard institution) {
    if (!bulkhead.tryAcquire()) {
      throw refusedBy(UpstreamOutcome.REFUSED_BY_BULKHEAD, call,
          refused(Kind.UNAVAILABLE, null, "Too many calls to " + provider + " are in flight.", Duration.ZERO));
    }
    BreakerGuard.Permit atProvider = breaker.enter();
    if (atProvider == null) {
      bulkhead.release();
      throw refusedBy(UpstreamOutcome.REFUSED_BY_BREAKER, call, providerPaused(breaker.retryAfter()));
    }
    if (institution == null) {
      return new CallPermits(atProvider, null, bulkhead);
    }
    BreakerGuard.Permit atInstitution = institution.enter();
    if (atInstitution == null) {
      atProvider.abandon();
      bulkhead.release();
      throw refusedBy(UpstreamOutcome.REFUSED_BY_BREAKER, call, institutionPaused(call, institution.retryAfter()));
    }
    return new CallPermits(atProvider, atInstitution, bulkhead);
  }

  /** The provider breaker's state for the gauge: 0 closed, 0.5 half-open, 1 open. */
  double breakerStateValue() {
    return switch (breaker.snapshot().state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 0.5;
      case OPEN -> 1;
    };
  }

  /** How many institution breakers are not closed (a count: institution ids are unbounded). */
  long institutionBreakersNotClosed() {
    return institutions.all().stream().filter(b -> b.snapshot().state() != CircuitBreakerState.CLOSED).count();
  }

  private ProviderFailure refusedBy(UpstreamOutcome outcome, UpstreamCall call, ProviderFailure refusal) {
    metrics.upstreamCall(provider, call.operation(), outcome, 0);
    return refusal;
  }

  private ProviderFailure providerPaused(Duration retryAfter) {
    return refused(Kind.UNAVAILABLE, null, "Calls to " + provider + " are paused after repeated failures.", retryAfter);
  }

  private ProviderFailure institutionPaused(UpstreamCall call, Duration retryAfter) {
    return refused(Kind.INSTITUTION_UNAVAILABLE, call.institutionId(),
        "Calls to this institution are paused after repeated failures.", retryAfter);
  }

  private ProviderFailure refused(Kind kind, String institutionId, String detail, Duration retryAfter) {
    return ProviderFailure.refused(new ProviderError(kind, provider, institutionId, 0, detail), retryAfter);
  }
}
