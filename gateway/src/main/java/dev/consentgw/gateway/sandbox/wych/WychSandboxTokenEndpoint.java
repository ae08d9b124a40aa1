package dev.consentgw.gateway.sandbox.wych;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The OIDC token endpoint ({@code requestToken}): client credentials with {@code client_secret_post},
 * form-encoded. Served by hand: vertx-openapi 5.0 cannot load a form-encoded operation into a
 * router contract.
 */
final class WychSandboxTokenEndpoint implements Handler<RoutingContext> {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final WychSandboxState state;
  private final WychSimulatorOptions options;

  WychSandboxTokenEndpoint(WychSandboxState state, WychSimulatorOptions options) {
    this.state = state;
    this.options = options;
  }

  @Override
  public void handle(RoutingContext rc) {
    String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      WychSandboxResponses.oauthError(rc, 400, "invalid_request", "The request must be " + FORM);
      return;
    }
    MultiMap form = rc.request().formAttributes();
    String grantType = form.get("grant_type");
    String clientId = form.get("client_id");
    String clientSecret = form.get("client_secret");
    if (isBlank(grantType) || isBlank(clientId) || isBlank(clientSecret)) {
      WychSandboxResponses.oauthError(rc, 400, "invalid_request",
          "grant_type, client_id and client_secret are required");
      return;
    }
    if (!"client_credentials".equals(grantType)) {
      WychSandboxResponses.oauthError(rc, 400, "unsupported_grant_type", "Unsupported grant_type");
      return;
    }
    if (!matches(clientId, options.clientId()) || !matches(clientSecret, options.clientSecret())) {
      WychSandboxResponses.oauthError(rc, 401, "invalid_client", "Invalid client or Invalid client credentials");
      return;
    }
    long lifetime = options.tokenLifetime().toSeconds();
    WychSandboxResponses.json(rc, 200, new JsonObject()
        .put("access_token", state.issueToken(null, options.tokenLifetime()))
        .put("expires_in", lifetime)
        .put("refresh_expires_in", 0)
        .put("token_type", "Bearer")
        .put("scope", "profile email"));
  }

  /** Compares credentials in constant time. */
  static boolean matches(String given, String expected) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
