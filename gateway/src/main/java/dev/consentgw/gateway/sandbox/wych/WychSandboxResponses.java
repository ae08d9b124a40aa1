package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.http.Html;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;

/** How the simulator answers: JSON in the shapes of wych.yaml, and small HTML pages for the bank. */
final class WychSandboxResponses {

  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";

  private WychSandboxResponses() {
  }

  static void json(RoutingContext rc, int status, Buffer body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  static void json(RoutingContext rc, int status, Object body) {
    json(rc, status, Buffer.buffer(body.toString()));
  }

  /** A {@code WychError} in the framework shape {@code {statusCode, error, message}}. */
  static void error(RoutingContext rc, int status, String message) {
    json(rc, status, new JsonObject()
        .put("statusCode", status)
        .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("message", message));
  }

  /** An RFC 6749 error: the token endpoint's {@code OAuthError}, and an API call's rejected bearer token. */
  static void oauthError(RoutingContext rc, int status, String code, String description) {
    json(rc, status, new JsonObject().put("error", code).put("error_description", description));
  }

  static void html(RoutingContext rc, int status, String page) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, HTML).end(page);
  }

  /** A minimal page for the bank's error answers. */
  static void htmlMessage(RoutingContext rc, int status, String title, String message) {
    html(rc, status, """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>%1$s</title></head>
        <body><h1>%1$s</h1><p>%2$s</p><p>Simulated bank page (Wych sandbox).</p></body>
        </html>
        """.formatted(Html.escape(title), Html.escape(message)));
  }
}
