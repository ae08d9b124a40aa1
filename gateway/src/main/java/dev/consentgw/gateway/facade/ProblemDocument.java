package dev.consentgw.gateway.facade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An RFC 9457 problem as the facade sends it.
 *
 * @param retryAfterSeconds value for {@code Retry-After}, or 0 for none
 */
public record ProblemDocument(int status, String code, String title, String detail, String provider,
    List<FieldError> errors, long retryAfterSeconds) {

  /** One failing input: a JSON Pointer into the request and what is wrong with it. */
  public record FieldError(String pointer, String detail) {
  }

  public static final String TYPE_BASE = "https://consentgw.dev/problems/";

  public ProblemDocument {
    errors = List.copyOf(errors);
  }

  public static ProblemDocument of(int status, String code, String title, String detail) {
    return new ProblemDocument(status, code, title, detail, null, List.of(), 0);
  }

  public JsonObject toJson(String instance, String traceId) {
    JsonObject json = new JsonObject()
        .put("type", TYPE_BASE + code)
        .put("title", title)
        .put("status", status)
        .put("code", code);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (provider != null) {
      json.put("provider", provider);
    }
    if (traceId != null) {
      json.put("traceId", traceId);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("pointer", e.pointer()).put("detail", e.detail())));
      json.put("errors", list);
    }
    return json;
  }
}
