package dev.consentgw.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;

/**
 * Gives requests with an unknown HTTP version (e.g. {@code HTTP/9.9}) to the gateway instead of
 * Vert.x. Vert.x 5.0.8's {@code Http1xServerRequestHandler} answers them with a bare {@code 501}
 * (no body, no request id) before any handler of ours runs, and offers no hook for it. That handler
 * is the connection's request handler, set just before the server's connection handler runs; this
 * replaces it on HTTP/1.x connections with what it does when no WebSocket handler is set (the
 * gateway has none), minus the bare answer. Uses Vert.x's internal connection class: the raw-socket
 * test in ProtocolErrorsTest fails if a Vert.x upgrade changes this.
 */
public final class HttpVersionGate {

  private HttpVersionGate() {
  }

  /**
   * For the server's connection handler: on an HTTP/1.x connection, requests with a version other
   * than 1.0 and 1.1 go to {@code unknownVersion}, all others to {@code requests}.
   */
  public static void install(HttpConnection connection, Handler<HttpServerRequest> requests,
      Handler<HttpServerRequest> unknownVersion) {
    if (connection instanceof Http1xServerConnection http1) {
      // version() is null for anything but HTTP/1.0 and HTTP/1.1.
      http1.handler(request -> (request.version() == null ? unknownVersion : requests).handle(request));
    }
  }
}
