package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;

/**
 * Measures every facade request when its response ends: by the contract's operationId (the route
 * the request reached carries it), status class and tenant. Requests under {@code /v1} that reached
 * no operation count as {@value #UNMATCHED}; ops, docs and sandbox routes are not facade requests.
 */
public final class FacadeMetricsHandler implements Handler<RoutingContext> {

  static final String UNMATCHED = "unmatched";
  private static final String FACADE_PREFIX = "/v1/";
  private static final int TOO_MANY_REQUESTS = 429;

  private final GatewayMetrics metrics;

  public FacadeMetricsHandler(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext rc) {
    long started = System.nanoTime();
    rc.addEndHandler(ended -> {
      String operation = operationId(rc);
      int status = rc.response().getStatusCode();
      if (operation != null) {
        metrics.facadeRequest(operation, status, tenant(rc), System.nanoTime() - started);
      }
      // The gateway answers 429 only for its own per-tenant rate limit (a provider's 429 is a 502/503).
      if (status == TOO_MANY_REQUESTS) {
        metrics.rateLimited(operation == null ? UNMATCHED : operation);
      }
    });
    rc.next();
  }

  private static String operationId(RoutingContext rc) {
    Route route = rc.currentRoute();
    Object operation = route == null ? null : route.getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    if (operation instanceof Operation known) {
      return known.getOperationId();
    }
    return rc.request().path() != null && rc.request().path().startsWith(FACADE_PREFIX) ? UNMATCHED : null;
  }

  private static String tenant(RoutingContext rc) {
    return rc.user() == null ? null : ApiKeyAuthHandler.tenantId(rc.user());
  }
}
