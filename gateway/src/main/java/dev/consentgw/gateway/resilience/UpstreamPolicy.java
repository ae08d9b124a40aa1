package dev.consentgw.gateway.resilience;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * The one path every upstream call takes. Adapters hand it a supplier that performs the call and
 * fails with a {@code ProviderFailure} already classified by the adapter; the policy decides whether
 * the call may run now (breakers, bulkheads), how long it may take, and whether to retry.
 */
public interface UpstreamPolicy {

  /**
   * Runs one upstream call.
   *
   * @param call what is being called, for breakers, retries and logs
   * @param action performs the call; invoked zero (rejected), one or more (retried) times
   */
  <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action);
}
