package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An error answer of the simulated API, thrown by a handler and written by the router's failure
 * handler. No stack trace: it is an expected outcome.
 *
 * <p>Which shape where, as at Yapily: the legacy {@code ApiResponseError}
 * ({@code {error:{code, status, message, source, tracingId, institutionError}}}) for request
 * validation, authentication, unknown objects, conflicts and invalid consents, and for the failing
 * bank's 424 on {@code POST /account-auth-requests}; the newer {@code ApiErrorResponse}
 * ({@code {error:{tracingId, code, status, source, issues:[…]}}}) for features the institution does
 * not offer, for a direct authorisation at a bank that needs pre-authorisation, and for the failing
 * bank's 424 on {@code POST /pre-auth-requests} (with {@code issues[].institutionError}).
 */
final class SimulatorError extends RuntimeException {

  private final int status;
  private final JsonObject body;

  private SimulatorError(int status, JsonObject body) {
    super("Yapily sandbox error " + status, null, false, false);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  JsonObject body() {
    return body;
  }

  /** The legacy shape for a failure Yapily itself reports. */
  static SimulatorError legacy(int status, String message) {
    return new SimulatorError(status, new JsonObject().put("error", legacyError(status, message, "YAPILY")));
  }

  /** The legacy shape for a failure the bank caused. */
  static SimulatorError legacyInstitution(int status, String message, JsonObject institutionError) {
    return new SimulatorError(status, new JsonObject().put("error",
        legacyError(status, message, "INSTITUTION").put("institutionError", institutionError)));
  }

  /** The newer shape; {@code source} is {@code YAPILY}, {@code INSTITUTION} or {@code USER}. */
  static SimulatorError issues(int status, String source, List<JsonObject> issues) {
    return new SimulatorError(status, new JsonObject().put("error", new JsonObject()
        .put("tracingId", YapilyResponses.tracingId())
        .put("code", status)
        .put("status", YapilyResponses.statusName(status))
        .put("source", source)
        .put("issues", new JsonArray(List.copyOf(issues)))));
  }

  static JsonObject issue(String type, String code, String parameter, String message) {
    return new JsonObject().put("type", type).put("code", code).put("parameter", parameter).put("message", message);
  }

  static JsonObject institutionError(String message, int httpStatus) {
    return new JsonObject().put("errorMessage", message).put("httpStatusCode", httpStatus);
  }

  private static JsonObject legacyError(int status, String message, String source) {
    return new JsonObject()
        .put("code", status)
        .put("status", YapilyResponses.statusName(status))
        .put("message", message)
        .put("source", source)
        .put("tracingId", YapilyResponses.tracingId());
  }
}
