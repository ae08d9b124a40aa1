package dev.consentgw.gateway.app;

import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.facade.CallbacksHandler;
import dev.consentgw.gateway.facade.ConsentsHandler;
import dev.consentgw.gateway.facade.DataHandler;
import dev.consentgw.gateway.facade.EventsHandler;
import dev.consentgw.gateway.facade.FacadeJson;
import dev.consentgw.gateway.facade.FacadeRouter;
import dev.consentgw.gateway.facade.FacadeMetricsHandler;
import dev.consentgw.gateway.facade.InstitutionsHandler;
import dev.consentgw.gateway.facade.ProblemResponder;
import dev.consentgw.gateway.facade.ProtocolErrors;
import dev.consentgw.gateway.facade.StartingHandler;
import dev.consentgw.gateway.facade.UnmatchedRouteHandler;
import dev.consentgw.gateway.facade.HeadRequestHandler;
import dev.consentgw.gateway.http.ConnectionGuard;
import dev.consentgw.gateway.http.SecurityHeadersHandler;
import dev.consentgw.gateway.http.ServerLimits;
import dev.consentgw.gateway.journey.ConsentDataAccess;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.journey.ConsentTracker;
import dev.consentgw.gateway.journey.RefreshSchedule;
import dev.consentgw.gateway.ops.ConsoleHandler;
import dev.consentgw.gateway.ops.ContractHandler;
import dev.consentgw.gateway.ops.DocsHandler;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.MetricsOptions;
import dev.consentgw.gateway.ops.HealthHandler;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.resilience.RequestDeadlineHandler;
import dev.consentgw.gateway.resilience.ResilientUpstreamPolicy;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.Redaction;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRateLimiter;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.gateway.store.MeteredStores;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.memory.MemoryStores;
import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
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
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running gateway: one HTTP server serving the facade, the ops endpoints and (in sandbox mode)
 * the simulators. It binds first and wires second, because callback URLs and the sandbox's
 * provider base URLs depend on the port actually bound (port 0 in tests).
 */
public final class GatewayServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final int KEY_BYTES = 32;

  /**
   * Port 0 would give each listener its own free port; a negative port asks Vert.x for one free port
   * shared by every listener using that same number (in this Vert.x instance), hence one per gateway.
   */
  private static final AtomicInteger ANY_SHARED_PORT = new AtomicInteger();

  private final Vertx vertx;
  private final Listeners server;
  private final HttpServer metricsServer;
  private final String publicBaseUrl;
  private final ProviderFactory providers;
  private final Stores stores;
  private final AtomicBoolean draining;
  private final Duration drainPeriod;
  private final SandboxWiring sandbox;
  private final ConsentTracker tracker;
  private final EventsWiring events;

  private GatewayServer(Vertx vertx, Listeners server, HttpServer metricsServer, String publicBaseUrl,
      ProviderFactory providers, Stores stores, AtomicBoolean draining, Duration drainPeriod, SandboxWiring sandbox,
      ConsentTracker tracker, EventsWiring events) {
    this.vertx = vertx;
    this.sandbox = sandbox;
    this.tracker = tracker;
    this.events = events;
    this.server = server;
    this.metricsServer = metricsServer;
    this.publicBaseUrl = publicBaseUrl;
    this.providers = providers;
    this.stores = stores;
    this.draining = draining;
    this.drainPeriod = drainPeriod;
  }

  /** Without metrics or traces (embedding and contract tests); see {@link #start(Vertx, Telemetry, GatewayConfig, Clock)}. */
  public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, Clock clock) {
    return start(vertx, Telemetry.off(), config, clock);
  }

  /**
   * Opens the stores (migrating the database schema first), then binds and wires the server.
   *
   * @param vertx built by {@code telemetry} ({@link Telemetry#vertx()}) for Vert.x's own meters and spans
   */
  public static Future<GatewayServer> start(Vertx vertx, Telemetry telemetry, GatewayConfig config, Clock clock) {
    registerSecrets(config);
    Duration retention = config.journeys().idempotencyRetention();
    Outbox outbox = EventsWiring.outbox(config, clock);
    Future<Stores> stores = config.store().usesPostgres()
        ? PostgresStores.open(vertx, config.store(), clock, retention, outbox)
        : Future.succeededFuture(new MemoryStores(clock, config.store(), retention, outbox));
    return stores.map(opened -> (Stores) new MeteredStores(opened, telemetry.metrics()))
        .compose(opened -> metricsListener(vertx, telemetry, config)
            .compose(metricsServer -> listen(vertx, telemetry, config, clock, opened, metricsServer)
                .onFailure(e -> {
                  if (metricsServer != null) {
                    metricsServer.close();
                  }
                }))
            .onFailure(e -> opened.close()));
  }

  /** The separate metrics listener, when {@code metrics.port} asks for one; else null. */
  private static Future<HttpServer> metricsListener(Vertx vertx, Telemetry telemetry, GatewayConfig config) {
    MetricsOptions metrics = config.metrics();
    if (telemetry.registry().isEmpty() || !metrics.separatePort()) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router.get(metrics.path()).handler(PrometheusScrapingHandler.create(telemetry.registry().get()));
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.server().host()).setPort(metrics.port()))
        .requestHandler(router)
        .listen();
  }

  private static Future<GatewayServer> listen(Vertx vertx, Telemetry telemetry, GatewayConfig config, Clock clock,
      Stores stores, HttpServer metricsServer) {
    ServerLimits limits = config.server().limits();
    // Until the router is wired (it needs the bound port), facade calls are told to come back.
    AtomicReference<Handler<HttpServerRequest>> app = new AtomicReference<>(new StartingHandler());
    ConnectionGuard guard = new ConnectionGuard(vertx, limits, ProtocolErrors::bodyTimedOut);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.server().host())
        .setPort(config.server().port() == 0 ? ANY_SHARED_PORT.decrementAndGet() : config.server().port())
        .setCompressionSupported(true)
        // Without h2c the connection exists (and its deadlines run) from accept, not from its first byte.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) limits.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxInitialLineLength(limits.maxUriLength());
    Queue<HttpServer> listening = new ConcurrentLinkedQueue<>();
    Handler<HttpServerRequest> requests = guard.requests(ProtocolErrors.screen(request -> app.get().handle(request)));
    return vertx.deployVerticle(() -> new ListenerVerticle(options, guard, requests, listening),
            new DeploymentOptions().setInstances(config.server().eventLoopCount()))
        .map(deployment -> new Listeners(deployment, List.copyOf(listening)))
        .compose(server -> {
          String base = config.server().publicBaseUrl().isEmpty()
              ? "http://localhost:" + server.port() : config.server().publicBaseUrl();
          Wiring wiring = new Wiring(vertx, telemetry, config, base, clock, stores);
          return wiring.router().map(router -> {
            app.set(router);
            wiring.catalogue.warmUp();
            wiring.tracker.start();
            wiring.events.start();
            LOG.info("gateway listening on {} with {} event loops (sandbox {}, {} store)", base, server.servers().size(),
                config.sandbox().enabled() ? "on" : "off", stores.kind());
            return new GatewayServer(vertx, server, metricsServer, base, wiring.providers, stores, wiring.draining,
                config.server().drainPeriod(), wiring.sandbox, wiring.tracker, wiring.events);
          }).onFailure(e -> {
            wiring.events.close();
            wiring.providers.close();
            server.close(vertx);
          });
        });
  }

  public int port() {
    return server.port();
  }

  /** How many event loops serve requests. */
  public int eventLoops() {
    return server.servers().size();
  }

  public String publicBaseUrl() {
    return publicBaseUrl;
  }

  /** The port of the separate metrics listener, when {@code metrics.port} configured one. */
  public java.util.OptionalInt metricsPort() {
    return metricsServer == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(metricsServer.actualPort());
  }

  /** The embedded simulators' controls; empty when the sandbox is off. */
  public Optional<SandboxWiring.Controls> sandboxControls() {
    return sandbox.controls();
  }

  /**
   * Drains: {@code /health/ready} answers 503 from now on, no new connection is accepted, requests
   * in flight may finish within the drain period; then the upstream clients and the stores close.
   */
  public Future<Void> close() {
    draining.set(true);
    // Tracking stops first: its last writes land before the stores close.
    return tracker.stop().eventually(() -> server.shutdown(vertx, drainPeriod))
        .eventually(() -> {
          events.close();
          providers.close();
          // Scraped until the end: the drain itself is worth seeing.
          return metricsServer == null ? stores.close() : stores.close().eventually(metricsServer::close);
        });
  }

  /** How long {@link #close()} lets requests in flight finish. */
  public Duration drainPeriod() {
    return drainPeriod;
  }

  /** Every listener of one gateway (one per event loop, all on one port) and the deployment holding them. */
  private record Listeners(String deployment, List<HttpServer> servers) {

    int port() {
      return servers.get(0).actualPort();
    }

    /** Stops accepting on every loop at once and lets requests in flight finish within the period. */
    Future<Void> shutdown(Vertx vertx, Duration period) {
      return Future.join(servers.stream().map(s -> s.shutdown(period.toMillis(), TimeUnit.MILLISECONDS)).toList())
          .<Void>mapEmpty()
          .eventually(() -> vertx.undeploy(deployment));
    }

    void close(Vertx vertx) {
      vertx.undeploy(deployment);
    }
  }

  private static void registerSecrets(GatewayConfig config) {
    Redaction.registerSecret(config.providers().wych().apiKey());
    Redaction.registerSecret(config.providers().wych().clientSecret());
    Redaction.registerSecret(config.providers().yapily().applicationSecret());
    Redaction.registerSecret(config.security().tokenEncryptionKey());
    Redaction.registerSecret(config.security().journeyBindingKey());
    if (config.store().usesPostgres()) {
      Redaction.registerSecret(config.store().postgres().connectOptions().getPassword());
    }
  }

  /** Builds every component once; nothing here runs per request. */
  private static final class Wiring {
    final Vertx vertx;
    final Telemetry telemetry;
    final GatewayMetrics metrics;
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
    ConsentTracker tracker;
    final EventsWiring events;

    Wiring(Vertx vertx, Telemetry telemetry, GatewayConfig config, String publicBaseUrl, Clock clock, Stores stores) {
      this.vertx = vertx;
      this.telemetry = telemetry;
      this.metrics = telemetry.metrics();
      this.config = config;
      this.publicBaseUrl = publicBaseUrl;
      this.clock = clock;
      this.stores = stores;
      this.sandbox = new SandboxWiring(vertx, config, publicBaseUrl, clock);
      this.policy = new ResilientUpstreamPolicy(vertx, config.resilience(), config.http().requestTimeout(), clock,
          () -> ThreadLocalRandom.current().nextDouble(), metrics, telemetry.upstreamTracer());
      this.adapters = new LinkedHashMap<>();
      this.providers = new ProviderFactory(vertx, config, sandbox, policy, clock, telemetry);
      providers.wych().ifPresent(a -> adapters.put(a.id(), a));
      providers.yapily().ifPresent(a -> adapters.put(a.id(), a));
      this.catalogue = new InstitutionCatalogue(adapters.values(), config.catalogue(), clock);
      this.tenants = new TenantRegistry(tenants(config, publicBaseUrl));
      this.events = new EventsWiring(vertx, config, publicBaseUrl, stores, clock, metrics);
    }

    Future<Router> router() {
      var json = FacadeJson.create();
      byte[] tokenKey = tokenKey(config);
      SecretBox secrets = new SecretBox(tokenKey);
      String bindingKey = config.security().journeyBindingKey();
      JourneyBinding binding = bindingKey.isEmpty() ? JourneyBinding.derivedFrom(tokenKey)
          : new JourneyBinding(Base64.getDecoder().decode(bindingKey));
      ConsentJourneys journeys = new ConsentJourneys(adapters, catalogue, stores.consents(), new JourneyTokens(),
          secrets, binding, config.journeys(), publicBaseUrl, clock);
      tracker = new ConsentTracker(vertx, adapters, stores.consents(), secrets, config.lifecycle(),
          new RefreshSchedule(config.lifecycle(), () -> ThreadLocalRandom.current().nextDouble()),
          provider -> policy.snapshot(provider).circuit().state() == CircuitBreakerState.CLOSED, clock, System::nanoTime);
      FacadeRouter.Handlers handlers = new FacadeRouter.Handlers(
          new InstitutionsHandler(catalogue, tenants, json),
          new ConsentsHandler(journeys, tenants, stores.idempotency(), json, metrics),
          new CallbacksHandler(journeys),
          new DataHandler(new ConsentDataAccess(adapters, stores.consents(), secrets, config.journeys(), clock), tenants),
          new EventsHandler(stores.events(), tenants, json, clock));
      return FacadeRouter.create(vertx, handlers, new ApiKeyAuthHandler(tenants,
          new TenantRateLimiter(config.security().rateLimit(), System::nanoTime)), json, config.server().bodyLimitBytes())
          .compose(router -> {
            // First of all routes: every upstream call made for a request shares its deadline.
            // Before everything else: metrics time the whole request.
            router.route().order(-4).handler(new FacadeMetricsHandler(metrics));
            router.route().order(-3).handler(new SecurityHeadersHandler());
            router.route().order(-2).handler(new HeadRequestHandler());
            router.route().order(-1).handler(new RequestDeadlineHandler(config.resilience().requestDeadline()));
            telemetry.registry().filter(r -> !config.metrics().separatePort())
                .ifPresent(r -> router.get(config.metrics().path()).handler(PrometheusScrapingHandler.create(r)));
            router.get("/openapi.yaml").handler(new ContractHandler());
            Optional<String> demoKey = config.sandbox().enabled()
                ? Optional.of(config.sandbox().demoApiKey()) : Optional.empty();
            DocsHandler.mount(router, demoKey);
            ConsoleHandler.mount(router, demoKey);
            HealthHandler.mount(router, catalogue, policy, stores, draining::get);
            return sandbox.mount(router).map(router);
          })
          .map(router -> {
            router.route().last().handler(new UnmatchedRouteHandler(router));
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
