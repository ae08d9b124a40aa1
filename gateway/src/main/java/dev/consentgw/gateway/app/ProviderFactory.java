package dev.consentgw.gateway.app;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.TraceHeaders;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.adapter.wych.WychAdapter;
import dev.consentgw.gateway.adapter.wych.WychOptions;
import dev.consentgw.gateway.adapter.yapily.YapilyAdapter;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.resilience.ExchangeTimeout;
import dev.consentgw.gateway.resilience.UpstreamPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the enabled provider adapters, each with its own pooled HTTP client whose exchanges are
 * cancelled at the per-call timeout, and all calling upstream through the one resilience policy.
 */
final class ProviderFactory {

  private static final String USER_AGENT = "consent-gateway";

  private final Vertx vertx;
  private final GatewayConfig config;
  private final SandboxWiring sandbox;
  private final UpstreamPolicy policy;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final Telemetry telemetry;
  private final List<WebClient> clients = new ArrayList<>();

  ProviderFactory(Vertx vertx, GatewayConfig config, SandboxWiring sandbox, UpstreamPolicy policy, Clock clock,
      Telemetry telemetry) {
    this.telemetry = telemetry;
    this.metrics = telemetry.metrics();
    this.vertx = vertx;
    this.config = config;
    this.sandbox = sandbox;
    this.policy = policy;
    this.clock = clock;
  }

  Optional<ProviderAdapter> wych() {
    WychOptions configured = config.providers().wych();
    if (!configured.enabled()) {
      return Optional.empty();
    }
    return Optional.of(configured.usesSandbox()
        ? new WychAdapter(vertx, webClient(), sandbox.wych(configured), Environment.SANDBOX, policy, clock, metrics)
        : new WychAdapter(vertx, webClient(), configured, Environment.LIVE, policy, clock, metrics));
  }

  Optional<ProviderAdapter> yapily() {
    YapilyOptions configured = config.providers().yapily();
    if (!configured.enabled()) {
      return Optional.empty();
    }
    YapilyOptions options = configured.usesSandbox() ? sandbox.yapily(configured) : configured;
    return Optional.of(new YapilyAdapter(vertx, webClient(), options, policy));
  }

  private WebClient webClient() {
    GatewayConfig.Http http = config.http();
    WebClientOptions options = new WebClientOptions()
        .setUserAgent(USER_AGENT)
        .setKeepAlive(true)
        .setConnectTimeout((int) http.connectTimeout().toMillis())
        .setIdleTimeout((int) http.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // The upstream path opens each call's client span and TraceHeaders propagates it.
        .setTracingPolicy(TracingPolicy.IGNORE);
    WebClient client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(http.maxPoolSize()));
    clients.add(client);
    telemetry.tracing().ifPresent(tracing -> TraceHeaders.install(client, tracing));
    return ExchangeTimeout.install(client, vertx, http.requestTimeout());
  }

  /** Closes the pooled clients, so no upstream connection outlives the gateway's event loops. */
  void close() {
    clients.forEach(WebClient::close);
  }
}
