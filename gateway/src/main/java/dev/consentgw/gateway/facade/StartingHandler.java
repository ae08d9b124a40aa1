package dev.consentgw.gateway.facade;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/** Answers every request while the gateway is starting (bound, not yet wired): 503 with Retry-After. */
public final class StartingHandler implements Handler<HttpServerRequest> {

  private static final long RETRY_AFTER_SECONDS = 1;

  @Override
  public void handle(HttpServerRequest request) {
    ProblemResponder.reject(request, new ProblemDocument(503, "service_starting", "Service starting",
        "The gateway is starting; retry after Retry-After seconds.", null, List.of(), RETRY_AFTER_SECONDS), false);
  }
}
