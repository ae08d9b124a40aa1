package dev.consentgw.gateway.app;

import dev.consentgw.gateway.events.DestinationGuard;
import dev.consentgw.gateway.events.EventsOptions;
import dev.consentgw.gateway.events.OutboxMaintenance;
import dev.consentgw.gateway.events.RetrySchedule;
import dev.consentgw.gateway.events.WebhookDispatcher;
import dev.consentgw.gateway.events.WebhookEndpoint;
import dev.consentgw.gateway.events.WebhookSender;
import dev.consentgw.gateway.facade.EventJson;
import dev.consentgw.gateway.facade.FacadeJson;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.resilience.ExchangeTimeout;
import dev.consentgw.gateway.sandbox.SandboxWebhookReceiver;
import dev.consentgw.gateway.security.Redaction;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.Stores;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Wires issue 12: the outbox the stores write with every consent change, the webhook dispatcher and
 * the outbox's maintenance, on one event-loop context of their own.
 */
final class EventsWiring {

  private static final String USER_AGENT = "consent-gateway-webhooks";
  private static final String SANDBOX_URL = ConfigValidator.PUBLIC_BASE_URL + SandboxWebhookReceiver.PATH;
  private static final String SANDBOX_ENDPOINT = "sandbox-receiver";

  private final WebClient client;
  private final WebhookDispatcher dispatcher;
  private final OutboxMaintenance maintenance;
  private final Context context;

  EventsWiring(Vertx vertx, GatewayConfig config, String publicBaseUrl, Stores stores, Clock clock,
      GatewayMetrics metrics) {
    EventsOptions.Delivery delivery = config.events().delivery();
    this.client = ExchangeTimeout.install(WebClient.create(vertx, new WebClientOptions()
            .setUserAgent(USER_AGENT)
            .setKeepAlive(true)
            .setFollowRedirects(false)
            .setConnectTimeout((int) delivery.timeout().toMillis()),
        new PoolOptions().setHttp1MaxSize(delivery.maxPoolSize())), vertx, delivery.timeout());
    DestinationGuard.Allow allow = delivery.allowPrivateDestinations() ? DestinationGuard.Allow.ANY
        : config.sandbox().enabled() ? DestinationGuard.Allow.LOOPBACK : DestinationGuard.Allow.PUBLIC_ONLY;
    List<WebhookEndpoint> endpoints = active(config).stream()
        .map(w -> new WebhookEndpoint(w.id(), w.tenant(), w.url().replace(ConfigValidator.PUBLIC_BASE_URL,
            publicBaseUrl), w.secret(), w.types()))
        .toList();
    // Everything below runs on this one context: the dispatcher's bookkeeping is single-threaded.
    this.context = vertx.getOrCreateContext();
    this.dispatcher = new WebhookDispatcher(vertx, stores.events(), endpoints,
        new WebhookSender(client, new DestinationGuard(vertx, allow), clock),
        new RetrySchedule(delivery.schedule(), delivery.jitter(), () -> ThreadLocalRandom.current().nextDouble()),
        delivery, clock, metrics);
    this.maintenance = new OutboxMaintenance(vertx, stores.events(), config.events(), clock, metrics);
  }

  /** What the stores record with each consent change, and for which endpoints. */
  static Outbox outbox(GatewayConfig config, Clock clock) {
    List<WebhookEndpoint> endpoints = active(config);
    endpoints.forEach(w -> Redaction.registerSecret(w.secret()));
    return new Outbox(clock, EventJson.renderer(FacadeJson.create()), (tenant, type) -> endpoints.stream()
        .filter(w -> w.tenant().equals(tenant) && w.wants(type))
        .map(WebhookEndpoint::id)
        .collect(Collectors.toUnmodifiableSet()));
  }

  /** The sandbox receiver's secret, when the sandbox is on and its tenant is configured. */
  static Optional<String> sandboxSecret(GatewayConfig config) {
    return sandboxEndpoint(config).map(WebhookEndpoint::secret);
  }

  /** The configured endpoints, and the sandbox receiver's. */
  private static List<WebhookEndpoint> active(GatewayConfig config) {
    List<WebhookEndpoint> result = new ArrayList<>(config.webhooks());
    sandboxEndpoint(config).ifPresent(result::add);
    return result;
  }

  private static Optional<WebhookEndpoint> sandboxEndpoint(GatewayConfig config) {
    GatewayConfig.Sandbox sandbox = config.sandbox();
    boolean tenantExists = config.tenants().stream().anyMatch(t -> t.id().equals(sandbox.webhookTenant()));
    return sandbox.enabled() && tenantExists && !sandbox.webhookSecret().isEmpty()
        ? Optional.of(new WebhookEndpoint(SANDBOX_ENDPOINT, sandbox.webhookTenant(), SANDBOX_URL,
            sandbox.webhookSecret(), List.of()))
        : Optional.empty();
  }

  void start() {
    context.runOnContext(v -> {
      dispatcher.start();
      maintenance.start();
    });
  }

  void close() {
    context.runOnContext(v -> {
      dispatcher.stop();
      maintenance.stop();
    });
    client.close();
  }
}
