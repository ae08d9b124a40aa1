package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.resilience.CircuitBreaker.Permit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The permits one admitted attempt holds: the provider breaker's, the institution breaker's (if
 * the call concerns one) and a bulkhead slot. {@link #complete(Throwable)} returns all of them
 * exactly once, recording what the outcome means for each breaker.
 */
final class CallPermits {

  private final Permit provider;
  private final Permit institution;
  private final Bulkhead bulkhead;
  private final AtomicBoolean completed = new AtomicBoolean();

  /** @param institution null when the call concerns no institution */
  CallPermits(Permit provider, Permit institution, Bulkhead bulkhead) {
    this.provider = provider;
    this.institution = institution;
    this.bulkhead = bulkhead;
  }

  /** @param failure the attempt's failure, or null when it succeeded */
  void complete(Throwable failure) {
    if (!completed.compareAndSet(false, true)) {
      return;
    }
    bulkhead.release();
    record(provider, OutcomeClassifier.forProvider(failure));
    if (institution != null) {
      record(institution, OutcomeClassifier.forInstitution(failure));
    }
  }

  private static void record(Permit permit, OutcomeClassifier.Verdict verdict) {
    switch (verdict) {
      case SUCCESS -> permit.success();
      case FAILURE -> permit.failure();
      case NEUTRAL -> permit.release();
    }
  }
}
