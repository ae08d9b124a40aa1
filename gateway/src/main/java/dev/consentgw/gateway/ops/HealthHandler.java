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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/**
 * {@code /health/live} (the process serves requests: cheap, no I/O) and {@code /health/ready}
 * (whether this node can serve consent journeys now). Readiness stays UP while any provider is
 * usable: one provider being down degrades the gateway, it does not take it out of the load
 * balancer. It turns DOWN, listing each reason with a stable code, when the store does not answer
 * ({@code store_unavailable}: no consent can be served), when no provider has a catalogue
 * ({@code no_provider_catalogue}), when every provider's circuit breaker is open
 * ({@code all_provider_breakers_open}: no journey can start or complete here until one lets a probe
 * through; breakers are per node, so a load balancer can prefer a node whose breaker already
 * recovered), and for good once the node drains on shutdown ({@code draining}). Both bodies show
 * every provider's circuit breaker, bulkhead and retry budget, and the institution breakers with
 * something to report.
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
      respond(rc, 503, new JsonObject().put("status", "DOWN").put("draining", true)
          .put("reasons", new JsonArray().add(reason("draining", "The node is shutting down."))));
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
      boolean anyBreakerAdmits = false;
      for (var part : result.result()) {
        ProviderGuards.Snapshot guards = resilience.snapshot(part.provider());
        providers.put(part.provider(), new JsonObject()
            .put("catalogue", part.status().wireName())
            .put("institutions", part.institutions().size())
            .mergeIn(guards(guards)));
        anyUsable |= part.status() != CatalogueStatus.UNAVAILABLE;
        anyBreakerAdmits |= guards.circuit().state() != CircuitBreakerState.OPEN;
      }
      JsonArray reasons = new JsonArray();
      if (!store.result()) {
        reasons.add(reason("store_unavailable", "The " + stores.kind() + " store does not answer."));
      }
      if (!result.result().isEmpty() && !anyUsable) {
        reasons.add(reason("no_provider_catalogue", "No provider's institution catalogue is available."));
      }
      if (!result.result().isEmpty() && !anyBreakerAdmits) {
        reasons.add(reason("all_provider_breakers_open",
            "Every provider's circuit breaker is open: no journey can start or complete on this node."));
      }
      boolean ready = reasons.isEmpty();
      respond(rc, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN")
          .put("reasons", reasons)
          .put("store", new JsonObject().put("kind", stores.kind()).put("status", store.result() ? "UP" : "DOWN"))
          .put("providers", providers));
    }));
  }

  private static JsonObject reason(String code, String detail) {
    return new JsonObject().put("code", code).put("detail", detail);
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
