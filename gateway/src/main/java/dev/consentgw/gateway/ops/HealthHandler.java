package dev.consentgw.gateway.ops;

import dev.consentgw.gateway.catalogue.CatalogueStatus;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.resilience.BreakerGuard;
import dev.consentgw.gateway.resilience.ProviderGuards;
import dev.consentgw.gateway.resilience.ResilientUpstreamPolicy;
import io.vertx.circuitbreaker.CircuitBreakerState;
import dev.consentgw.gateway.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/**
 * {@code /health/live} (the process serves requests) and {@code /health/ready} (each provider's
 * catalogue state). Readiness stays UP while any provider is usable: one provider being down
 * degrades the gateway, it does not take it out of the load balancer. Both bodies show every
 * provider's circuit breaker, bulkhead and retry budget, and the institution breakers with
 * something to report; neither status depends on a breaker (every instance shares the same
 * providers, so pulling one out of the load balancer would not help). Readiness also needs the
 * store to answer (a node that cannot reach its database can serve no consent), and turns DOWN for
 * good when the node starts draining on shutdown, so the load balancer stops routing to it.
 */
public final class HealthHandler {

  private final InstitutionCatalogue catalogue;
  private final ResilientUpstreamPolicy resilience;
  private final Stores stores;
  private final BooleanSupplier draining;

  private HealthHandler(InstitutionCatalogue catalogue, ResilientUpstreamPolicy resilience, Stores stores,
      BooleanSupplier draining) {
    this.catalogue = catalogue;
    this.resilience = resilience;
    this.stores = stores;
    this.draining = draining;
  }

  public static void mount(Router router, InstitutionCatalogue catalogue, ResilientUpstreamPolicy resilience,
      Stores stores, BooleanSupplier draining) {
    HealthHandler health = new HealthHandler(catalogue, resilience, stores, draining);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
  }

  private void live(RoutingContext rc) {
    JsonObject providers = new JsonObject();
    catalogue.providerIds().forEach(id -> providers.put(id, guards(resilience.snapshot(id))));
    respond(rc, 200, new JsonObject().put("status", "UP").put("providers", providers));
  }

  private void ready(RoutingContext rc) {
    if (draining.getAsBoolean()) {
      respond(rc, 503, new JsonObject().put("status", "DOWN").put("draining", true));
      return;
    }
    Future<Boolean> storeUp = stores.check().map(true).otherwise(false);
    catalogue.providers(catalogue.providerIds()).onComplete(result -> storeUp.onComplete(store -> {
      if (result.failed()) {
        rc.fail(result.cause());
        return;
      }
      JsonObject providers = new JsonObject();
      boolean anyUsable = false;
      for (var part : result.result()) {
        providers.put(part.provider(), new JsonObject()
            .put("catalogue", part.status().wireName())
            .put("institutions", part.institutions().size())
            .mergeIn(guards(resilience.snapshot(part.provider()))));
        anyUsable |= part.status() != CatalogueStatus.UNAVAILABLE;
      }
      boolean ready = (anyUsable || result.result().isEmpty()) && store.result();
      respond(rc, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN")
          .put("store", new JsonObject().put("kind", stores.kind()).put("status", store.result() ? "UP" : "DOWN"))
          .put("providers", providers));
    }));
  }

  private static JsonObject guards(ProviderGuards.Snapshot guards) {
    JsonObject institutions = new JsonObject();
    guards.institutions().forEach(i -> institutions.put(i.name(), circuit(i)));
    return new JsonObject()
        .put("circuit", circuit(guards.circuit()))
        .put("institutionCircuits", institutions)
        .put("bulkhead", new JsonObject()
            .put("inFlight", guards.bulkhead().inFlight())
            .put("maxConcurrentCalls", guards.bulkhead().maxConcurrentCalls())
            .put("rejectedCalls", guards.bulkhead().rejectedCalls()))
        .put("retryBudget", new JsonObject()
            .put("callsInWindow", guards.retryBudget().calls())
            .put("retriesInWindow", guards.retryBudget().retries())
            .put("deniedRetries", guards.retryBudget().deniedRetries()));
  }

  private static JsonObject circuit(BreakerGuard.Snapshot circuit) {
    JsonObject json = new JsonObject()
        .put("state", circuit.state().name())
        .put("consecutiveFailures", circuit.consecutiveFailures())
        .put("rejectedCalls", circuit.rejectedCalls())
        .put("timesOpened", circuit.timesOpened());
    if (circuit.state() == CircuitBreakerState.OPEN) {
      json.put("retryAfterMillis", circuit.retryAfter().toMillis());
    }
    return json;
  }

  private static void respond(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
