package dev.consentgw.gateway.sandbox.yapily;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Writes the simulator's answers in Yapily's formats: envelopes and bare objects. */
final class YapilyResponses {

  private static final String JSON = "application/json;charset=UTF-8";

  private YapilyResponses() {
  }

  static void json(RoutingContext rc, int status, Object body) {
    String encoded = body instanceof JsonObject object ? object.encode() : ((JsonArray) body).encode();
    rc.response().setStatusCode(status).putHeader("content-type", JSON).end(encoded);
  }

  /** Writes an already encoded JSON document. */
  static void rawJson(RoutingContext rc, int status, String encoded) {
    rc.response().setStatusCode(status).putHeader("content-type", JSON).end(encoded);
  }

  /** {@code {meta:{tracingId}, data, links}}. */
  static JsonObject envelope(Object data) {
    return new JsonObject().put("meta", new JsonObject().put("tracingId", tracingId())).put("data", data)
        .put("links", new JsonObject());
  }

  static String tracingId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
  }

  /** As Yapily spells statuses: {@code BAD_REQUEST}, {@code FAILED_DEPENDENCY}, … */
  static String statusName(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase().toUpperCase(Locale.ROOT).replace(' ', '_')
        .replace("-", "_");
  }
}
