package dev.consentgw.gateway.ops;

import dev.consentgw.gateway.catalogue.CatalogueStatus;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health/live} (the process serves requests) and {@code /health/ready} (each provider's
 * catalogue state). Readiness stays UP while any provider is usable: one provider being down
 * degrades the gateway, it does not take it out of the load balancer.
 */
public final class HealthHandler {

  private final InstitutionCatalogue catalogue;

  private HealthHandler(InstitutionCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public static void mount(Router router, InstitutionCatalogue catalogue) {
    HealthHandler health = new HealthHandler(catalogue);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
  }

  private void live(RoutingContext rc) {
    respond(rc, 200, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext rc) {
    catalogue.providers(catalogue.providerIds()).onComplete(result -> {
      if (result.failed()) {
        rc.fail(result.cause());
        return;
      }
      JsonObject providers = new JsonObject();
      boolean anyUsable = false;
      for (var part : result.result()) {
        providers.put(part.provider(), new JsonObject()
            .put("catalogue", part.status().wireName())
            .put("institutions", part.institutions().size()));
        anyUsable |= part.status() != CatalogueStatus.UNAVAILABLE;
      }
      boolean ready = anyUsable || result.result().isEmpty();
      respond(rc, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN").put("providers", providers));
    });
  }

  private static void respond(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
