package dev.consentgw.gateway.facade;

import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.CallbacksApi;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.provider.CallbackParams;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/** {@code /v1/callbacks/{provider}}: the browser's return from a provider; answers 303. */
public final class CallbacksHandler implements CallbacksApi {

  private final ConsentJourneys journeys;

  public CallbacksHandler(ConsentJourneys journeys) {
    this.journeys = journeys;
  }

  @Override
  public Future<ApiResponse<Void>> handleCallback(String provider, String xRequestId, String journey, String connection,
      String state, String user, String consent, String oneTimeToken, String applicationUserId, String userUuid,
      String institution, String error, String errorSource, String errorDescription) {
    Map<String, String> params = new HashMap<>();
    put(params, "journey", journey);
    put(params, "connection", connection);
    put(params, "state", state);
    put(params, "user", user);
    put(params, "consent", consent);
    put(params, "one-time-token", oneTimeToken);
    put(params, "application-user-id", applicationUserId);
    put(params, "user-uuid", userUuid);
    put(params, "institution", institution);
    put(params, "error", error);
    put(params, "error-source", errorSource);
    put(params, "error-description", errorDescription);
    return journeys.completeCallback(provider, new CallbackParams(params))
        .map(outcome -> ApiResponse.<Void>empty(303)
            .withHeader("Location", outcome.location())
            // The redirect carries the outcome; no cache may keep or replay it.
            .withHeader("Cache-Control", "no-store")
            .withHeader("Referrer-Policy", "no-referrer"));
  }

  private static void put(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }
}
