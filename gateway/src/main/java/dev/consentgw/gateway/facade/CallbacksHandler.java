package dev.consentgw.gateway.facade;

import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.CallbacksApi;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.journey.JourneyFailure;
import dev.consentgw.gateway.provider.CallbackParams;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
/**
 * {@code /v1/journeys/{consentId}/{binding}}: the browser's entry into a journey bound to it; and
 * {@code /v1/callbacks/{provider}}: its return from the provider. Both answer 303. The callback does
 * no more than find and complete the journey before answering (Yapily asks callbacks to answer within
 * about 100 ms while the browser waits on its page).
 */
public final class CallbacksHandler implements CallbacksApi {

  /** The journey binding cookie (named in facade.yaml). */
  public static final String BINDING_COOKIE = "cgw_journey";
  private static final String JOURNEY = "journey";

  private final ConsentJourneys journeys;

  public CallbacksHandler(ConsentJourneys journeys) {
    this.journeys = journeys;
  }

  @Override
  public Future<ApiResponse<Void>> handleCallback(String provider, String xRequestId, List<String> journey,
      String connection, String state, String user, List<String> consent, List<String> oneTimeToken,
      String applicationUserId, String userUuid, String institution, String error, String errorSource,
      String errorDescription, String bindingCookie) {
    Map<String, String> params = new HashMap<>();
    Set<String> repeated = new HashSet<>();
    // The journey token may come both from the callback URL's query and from Yapily's forwardParameters.
    if (putAll(params, repeated, JOURNEY, journey)) {
      return Future.failedFuture(new JourneyFailure(JourneyFailure.Reason.CALLBACK_INVALID,
          "The callback names more than one journey.", provider, List.of("/query/journey")));
    }
    put(params, "connection", connection);
    put(params, "state", state);
    put(params, "user", user);
    putAll(params, repeated, "consent", consent);
    putAll(params, repeated, "one-time-token", oneTimeToken);
    put(params, "application-user-id", applicationUserId);
    put(params, "user-uuid", userUuid);
    put(params, "institution", institution);
    put(params, "error", error);
    put(params, "error-source", errorSource);
    put(params, "error-description", errorDescription);
    return journeys.completeCallback(provider, new CallbackParams(params, repeated), bindingCookie)
        .map(outcome -> seeOther(outcome.location()));
  }

  @Override
  public Future<ApiResponse<Void>> enterJourney(String consentId, String binding, String xRequestId) {
    return journeys.enterJourney(consentId, binding).map(entry -> seeOther(entry.location())
        .withHeader("Set-Cookie", Cookie.cookie(BINDING_COOKIE, entry.cookieValue())
            .setPath(entry.cookiePath())
            .setMaxAge(entry.maxAge().toSeconds())
            .setHttpOnly(true)
            .setSecure(entry.secure())
            // Lax: the provider's return to the callback is a top-level GET navigation from another site.
            .setSameSite(CookieSameSite.LAX)
            .encode()));
  }

  private static ApiResponse<Void> seeOther(String location) {
    return ApiResponse.<Void>empty(303)
        .withHeader("Location", location)
        // The redirect carries the outcome (or the journey's binding); no cache may keep or replay it.
        .withHeader("Cache-Control", "no-store")
        .withHeader("Referrer-Policy", "no-referrer");
  }

  /** Puts the first value; true (and the name recorded as repeated) when the values differ. */
  private static boolean putAll(Map<String, String> params, Set<String> repeated, String name, List<String> values) {
    if (values == null || values.isEmpty()) {
      return false;
    }
    params.put(name, values.get(0));
    boolean different = new LinkedHashSet<>(values).size() > 1;
    if (different) {
      repeated.add(name);
    }
    return different;
  }

  private static void put(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }
}
