package dev.consentgw.gateway.resilience;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted attempt holds: its permit in the provider breaker, in the institution breaker
 * (if the call concerns one) and a bulkhead slot. {@link #complete(Throwable)} returns all of them
 * exactly once, handing the outcome to both breakers.
 */
final class CallPermits {

  private final BreakerGuard.Permit provider;
  private final BreakerGuard.Permit institution;
  private final Bulkhead bulkhead;
  private final AtomicBoolean completed = new AtomicBoolean();

  /** @param institution null when the call concerns no institution */
  CallPermits(BreakerGuard.Permit provider, BreakerGuard.Permit institution, Bulkhead bulkhead) {
    this.provider = provider;
    this.institution = institution;
    this.bulkhead = bulkhead;
  }

  /**
   * @param failure the attempt's failure, or null when it succeeded
   * @return completes once both breakers have counted the outcome
   */
  Future<Void> complete(Throwable failure) {
    if (!completed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    bulkhead.release();
    Future<Void> atProvider = provider.report(failure);
    return institution == null ? atProvider : Future.join(atProvider, institution.report(failure)).mapEmpty();
  }
}
