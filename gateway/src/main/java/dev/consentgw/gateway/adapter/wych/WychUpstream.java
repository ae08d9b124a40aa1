package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.invoker.ApiClient.AuthInfo;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamPolicy;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * The one way the Wych adapter calls upstream: through the {@link UpstreamPolicy}, with every
 * failure already classified by the {@link WychErrorMapper}, and with the app's credentials.
 */
final class WychUpstream {

  private final UpstreamPolicy policy;
  private final WychErrorMapper errors;
  private final String apiKey;

  WychUpstream(UpstreamPolicy policy, WychErrorMapper errors, String apiKey) {
    this.policy = policy;
    this.errors = errors;
    this.apiKey = apiKey;
  }

  /**
   * Runs one generated-client call.
   *
   * @param institutionId the data holder the call concerns, or null
   * @param idempotent whether the policy may repeat the call
   */
  <T> Future<T> call(String operation, String institutionId, boolean idempotent, Supplier<Future<T>> action) {
    return policy.execute(new UpstreamCall(WychErrorMapper.PROVIDER, institutionId, operation, idempotent),
        () -> invoke(action).recover(e -> Future.failedFuture(errors.toFailure(e, institutionId, operation))));
  }

  /** The credentials of one API call: the app's API key and {@code token}. */
  AuthInfo auth(String token) {
    AuthInfo auth = AuthInfo.forApiKeyAuthentication(apiKey, null);
    auth.addBearerAuthentication(token);
    return auth;
  }

  WychErrorMapper errors() {
    return errors;
  }

  private static <T> Future<T> invoke(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
