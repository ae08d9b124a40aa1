package dev.consentgw.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Response headers every route gets, added as the head is written (so they also cover failures):
 * {@code nosniff} everywhere; on HTML pages a Content-Security-Policy (own scripts only, no
 * framing, no plugins) and {@code X-Frame-Options}; on the facade API ({@code /v1/}), which carries
 * consent and user data, {@code Cache-Control: no-store} unless the handler chose otherwise.
 */
public final class SecurityHeadersHandler implements PlatformHandler {

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
      + "frame-ancestors 'none'";
  private static final String FACADE_PREFIX = "/v1/";

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.request().path();
    rc.addHeadersEndHandler(v -> {
      MultiMap headers = rc.response().headers();
      headers.set("X-Content-Type-Options", "nosniff");
      String type = headers.get(HttpHeaders.CONTENT_TYPE);
      if (type != null && type.regionMatches(true, 0, "text/html", 0, "text/html".length())) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
      }
      if (path != null && path.startsWith(FACADE_PREFIX) && !headers.contains(HttpHeaders.CACHE_CONTROL)) {
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
      }
    });
    rc.next();
  }
}
