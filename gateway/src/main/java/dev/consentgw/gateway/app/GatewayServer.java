package dev.consentgw.gateway.app;

import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.facade.CallbacksHandler;
import dev.consentgw.gateway.facade.ConsentsHandler;
import dev.consentgw.gateway.facade.FacadeJson;
import dev.consentgw.gateway.facade.FacadeRouter;
import dev.consentgw.gateway.facade.InstitutionsHandler;
import dev.consentgw.gateway.facade.ProblemResponder;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.ops.ContractHandler;
import dev.consentgw.gateway.ops.DocsHandler;
import dev.consentgw.gateway.ops.HealthHandler;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.resilience.RequestDeadlineHandler;
import dev.consentgw.gateway.resilience.ResilientUpstreamPolicy;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.Redaction;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.memory.MemoryStores;
import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running gateway: one HTTP server serving the facade, the ops endpoints and (in sandbox mode)
 * the simulators. It binds first and wires second, because callback URLs and the sandbox's
 * provider base URLs depend on the port actually bound (port 0 in tests).
 */
public final class GatewayServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final int KEY_BYTES = 32;

  private final HttpServer server;
  private final String publicBaseUrl;
  private final ProviderFactory providers;
  private final Stores stores;
  private final AtomicBoolean draining;
  private final Duration drainPeriod;

  private GatewayServer(HttpServer server, String publicBaseUrl, ProviderFactory providers, Stores stores,
      AtomicBoolean draining, Duration drainPeriod) {
    this.server = server;
    this.publicBaseUrl = publicBaseUrl;
    this.providers = providers;
    this.stores = stores;
    this.draining = draining;
    this.drainPeriod = drainPeriod;
  }

  /** Opens the stores (migrating the database schema first), then binds and wires the server. */
  public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, Clock clock) {
    registerSecrets(config);
    Duration retention = config.journeys().idempotencyRetention();
    Future<Stores> stores = config.store().usesPostgres()
        ? PostgresStores.open(vertx, config.store(), clock, retention)
        : Future.succeededFuture(new MemoryStores(clock, config.store(), retention));
    return stores.compose(opened -> listen(vertx, config, clock, opened).onFailure(e -> opened.close()));
  }

  private static Future<GatewayServer> listen(Vertx vertx, GatewayConfig config, Clock clock, Stores stores) {
    AtomicReference<Handler<HttpServerRequest>> app = new AtomicReference<>(
        request -> request.response().setStatusCode(503).putHeader("Retry-After", "1").end());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.server().host())
        .setPort(config.server().port())
        .setCompressionSupported(true);
    return vertx.createHttpServer(options)
        .requestHandler(request -> app.get().handle(request))
        .listen()
        .compose(server -> {
          String base = config.server().publicBaseUrl().isEmpty()
              ? "http://localhost:" + server.actualPort() : config.server().publicBaseUrl();
          Wiring wiring = new Wiring(vertx, config, base, clock, stores);
          return wiring.router().map(router -> {
            app.set(router);
            wiring.catalogue.warmUp();
            LOG.info("gateway listening on {} (sandbox {}, {} store)", base, config.sandbox().enabled() ? "on" : "off",
                stores.kind());
            return new GatewayServer(server, base, wiring.providers, stores, wiring.draining,
                config.server().drainPeriod());
          }).onFailure(e -> {
            wiring.providers.close();
            server.close();
          });
        });
  }

  public int port() {
    return server.actualPort();
  }

  public String publicBaseUrl() {
    return publicBaseUrl;
  }

  /**
   * Drains: {@code /health/ready} answers 503 from now on, no new connection is accepted, requests
   * in flight may finish within the drain period; then the upstream clients and the stores close.
   */
  public Future<Void> close() {
    draining.set(true);
    return server.shutdown(drainPeriod.toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> {
          providers.close();
          return stores.close();
        });
  }

  /** How long {@link #close()} lets requests in flight finish. */
  public Duration drainPeriod() {
    return drainPeriod;
  }

  private static void registerSecrets(GatewayConfig config) {
    Redaction.registerSecret(config.providers().wych().apiKey());
    Redaction.registerSecret(config.providers().wych().clientSecret());
    Redaction.registerSecret(config.providers().yapily().applicationSecret());
    Redaction.registerSecret(config.security().tokenEncryptionKey());
    if (config.store().usesPostgres()) {
      Redaction.registerSecret(config.store().postgres().connectOptions().getPassword());
    }
  }

  /** Builds every component once; nothing here runs per request. */
  private static final class Wiring {
    final Vertx vertx;
    final GatewayConfig config;
    final String publicBaseUrl;
    final Clock clock;
    final Stores stores;
    final AtomicBoolean draining = new AtomicBoolean();
    final InstitutionCatalogue catalogue;
    final Map<String, ProviderAdapter> adapters;
    final ResilientUpstreamPolicy policy;
    final TenantRegistry tenants;
    final SandboxWiring sandbox;
    final ProviderFactory providers;

    Wiring(Vertx vertx, GatewayConfig config, String publicBaseUrl, Clock clock, Stores stores) {
      this.vertx = vertx;
      this.config = config;
      this.publicBaseUrl = publicBaseUrl;
      this.clock = clock;
      this.stores = stores;
      this.sandbox = new SandboxWiring(vertx, config, publicBaseUrl);
      this.policy = new ResilientUpstreamPolicy(vertx, config.resilience(), config.http().requestTimeout(), clock,
          () -> ThreadLocalRandom.current().nextDouble());
      this.adapters = new LinkedHashMap<>();
      this.providers = new ProviderFactory(vertx, config, sandbox, policy, clock);
      providers.wych().ifPresent(a -> adapters.put(a.id(), a));
      providers.yapily().ifPresent(a -> adapters.put(a.id(), a));
      this.catalogue = new InstitutionCatalogue(adapters.values(), config.catalogue(), clock);
      this.tenants = new TenantRegistry(tenants(config, publicBaseUrl));
    }

    Future<Router> router() {
      var json = FacadeJson.create();
      ConsentJourneys journeys = new ConsentJourneys(adapters, catalogue, stores.consents(), new JourneyTokens(),
          new SecretBox(tokenKey(config)), config.journeys(), publicBaseUrl, clock);
      FacadeRouter.Handlers handlers = new FacadeRouter.Handlers(
          new InstitutionsHandler(catalogue, tenants, json),
          new ConsentsHandler(journeys, tenants, stores.idempotency(), json),
          new CallbacksHandler(journeys));
      return FacadeRouter.create(vertx, handlers, new ApiKeyAuthHandler(tenants), json, config.server().bodyLimitBytes())
          .compose(router -> {
            // First of all routes: every upstream call made for a request shares its deadline.
            router.route().order(-1).handler(new RequestDeadlineHandler(config.resilience().requestDeadline()));
            router.get("/openapi.yaml").handler(new ContractHandler());
            DocsHandler.mount(router);
            HealthHandler.mount(router, catalogue, policy, stores, draining::get);
            return sandbox.mount(router).map(router);
          })
          .map(router -> {
            router.route().last().handler(rc -> rc.fail(new HttpException(404)));
            router.route().failureHandler(new ProblemResponder());
            return router;
          });
    }

    private static List<TenantRegistry.Registration> tenants(GatewayConfig config, String publicBaseUrl) {
      List<TenantRegistry.Registration> result = new ArrayList<>();
      for (GatewayConfig.TenantEntry t : config.tenants()) {
        var redirects = new HashSet<String>();
        t.redirectUrls().forEach(u -> redirects.add(u.replace(ConfigValidator.PUBLIC_BASE_URL, publicBaseUrl)));
        result.add(new TenantRegistry.Registration(
            new Tenant(t.id(), t.name(), redirects, new HashSet<>(t.providers())), t.apiKeySha256()));
      }
      return result;
    }

    private static byte[] tokenKey(GatewayConfig config) {
      String configured = config.security().tokenEncryptionKey();
      if (!configured.isEmpty()) {
        return Base64.getDecoder().decode(configured);
      }
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      return key;
    }
  }
}
