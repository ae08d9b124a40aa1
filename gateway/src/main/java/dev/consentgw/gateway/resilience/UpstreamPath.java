package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.core.Future;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way an adapter calls its provider: through the {@link UpstreamPolicy} (breakers,
 * bulkhead, deadline, retries), with every failure classified by the {@link FailureClassifier}
 * before the policy sees it.
 */
public final class UpstreamPath {

  private final UpstreamPolicy policy;
  private final FailureClassifier classifier;

  public UpstreamPath(UpstreamPolicy policy, FailureClassifier classifier) {
    this.policy = policy;
    this.classifier = classifier;
  }

  /** Runs one generated-client call; it fails only with a classified {@link ProviderFailure}. */
  public <T> Future<T> call(UpstreamCall call, Supplier<Future<T>> action) {
    return call(call, action, Future::failedFuture);
  }

  /**
   * Like {@link #call(UpstreamCall, Supplier)}, but {@code answer} may turn a classified failure into
   * a result (a 404 that means "already gone"); that happens inside the policy, so such answers never
   * count against a breaker.
   */
  public <T> Future<T> call(UpstreamCall call, Supplier<Future<T>> action,
      Function<ProviderFailure, Future<T>> answer) {
    return policy.execute(call, () -> invoke(action).recover(cause -> answer.apply(classifier.classify(cause, call))));
  }

  /** A 2xx answer to {@code call} that lacked a member the adapter needs. */
  public ProviderFailure incomplete(UpstreamCall call) {
    return classifier.incomplete(call);
  }

  private static <T> Future<T> invoke(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
