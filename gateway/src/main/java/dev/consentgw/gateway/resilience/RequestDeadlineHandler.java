package dev.consentgw.gateway.resilience;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/** Starts the {@link RequestDeadline} of every request the gateway serves, before any other handler runs. */
public final class RequestDeadlineHandler implements Handler<RoutingContext> {

  private final Duration requestDeadline;

  public RequestDeadlineHandler(Duration requestDeadline) {
    this.requestDeadline = requestDeadline;
  }

  @Override
  public void handle(RoutingContext rc) {
    RequestDeadline.start(Vertx.currentContext(), requestDeadline);
    rc.next();
  }
}
