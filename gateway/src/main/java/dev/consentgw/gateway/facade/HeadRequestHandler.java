package dev.consentgw.gateway.facade;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code HEAD} is answered as {@code GET} without a body (RFC 9110 §9.3.2): the request is routed
 * again as a {@code GET}; the server drops the body because the request on the wire was a HEAD.
 */
public final class HeadRequestHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext rc) {
    if (rc.request().method() == HttpMethod.HEAD) {
      rc.reroute(HttpMethod.GET, rc.request().uri());
    } else {
      rc.next();
    }
  }
}
