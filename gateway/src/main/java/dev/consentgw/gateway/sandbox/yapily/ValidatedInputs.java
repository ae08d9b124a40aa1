package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what the contract validated: bodies, headers, query and path parameters. */
final class ValidatedInputs {

  private ValidatedInputs() {
  }

  static JsonObject body(RoutingContext rc) {
    RequestParameter body = validated(rc).getBody();
    return body == null || body.isNull() || !body.isJsonObject() ? new JsonObject() : body.getJsonObject();
  }

  static String header(RoutingContext rc, String name) {
    return string(validated(rc).getHeaders(), name);
  }

  static Integer integer(RoutingContext rc, String name) {
    RequestParameter value = validated(rc).getQuery().get(name);
    return value == null || value.isNull() ? null : value.getInteger();
  }

  /** An array-valued query parameter; empty when absent. */
  static List<String> strings(RoutingContext rc, String name) {
    RequestParameter value = validated(rc).getQuery().get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    JsonArray values = value.isJsonArray() ? value.getJsonArray() : new JsonArray().add(value.get());
    return values.stream().map(String::valueOf).toList();
  }

  /** A uuid path parameter; a value that is not one names nothing, so it is answered 404. */
  static UUID uuidPathParam(RoutingContext rc, String name, String what) {
    try {
      return UUID.fromString(rc.pathParam(name));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw SimulatorError.legacy(404, what + " not found.");
    }
  }

  /** A date-time body member, or null; one that does not parse is a bad request. */
  static Instant dateTime(JsonObject object, String name) {
    String value = object.getString(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw SimulatorError.legacy(400, name + " is not a date-time.");
    }
  }

  private static String string(Map<String, RequestParameter> values, String name) {
    RequestParameter value = values.get(name);
    return value == null || value.isNull() ? null : value.getString();
  }

  private static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
