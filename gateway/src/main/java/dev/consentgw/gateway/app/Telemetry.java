package dev.consentgw.gateway.app;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.MetricsOptions;
import dev.consentgw.gateway.observability.MicrometerGatewayMetrics;
import dev.consentgw.gateway.observability.OpenTelemetryUpstreamTracer;
import dev.consentgw.gateway.observability.UpstreamTracer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The process's metrics registry and OpenTelemetry SDK, and the Vert.x instance built with both:
 * Vert.x measures its HTTP servers, clients and pools on the same Prometheus registry as the
 * gateway's own meters, and opens a server span per request and a client span per upstream
 * exchange (propagating W3C {@code traceparent} both ways) when tracing is on.
 */
public final class Telemetry implements Closeable {

  /** Defaults for the OpenTelemetry SDK; the standard OTEL_* environment variables override them. */
  private static final Map<String, String> OTEL_DEFAULTS = Map.of(
      "otel.service.name", "consent-gateway",
      "otel.exporter.otlp.protocol", "http/protobuf",
      // Traces only: metrics go to Prometheus, logs to stdout.
      "otel.metrics.exporter", "none",
      "otel.logs.exporter", "none");

  private final PrometheusMeterRegistry registry;
  private final OpenTelemetry tracing;
  private final Closeable tracingShutdown;
  private final GatewayMetrics metrics;

  private Telemetry(PrometheusMeterRegistry registry, OpenTelemetry tracing, Closeable tracingShutdown,
      MetricsOptions options) {
    this.registry = registry;
    this.tracing = tracing;
    this.tracingShutdown = tracingShutdown;
    this.metrics = registry == null ? GatewayMetrics.NONE : new MicrometerGatewayMetrics(registry, options);
  }

  /** As configured: metrics if {@code metrics.enabled}, traces exported per OTEL_* if {@code tracing.enabled}. */
  public static Telemetry create(GatewayConfig config) {
    if (!config.tracing().enabled()) {
      return new Telemetry(registry(config), null, () -> { }, config.metrics());
    }
    var sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> OTEL_DEFAULTS)
        .build()
        .getOpenTelemetrySdk();
    return new Telemetry(registry(config), sdk, sdk::close, config.metrics());
  }

  /** With a given OpenTelemetry (tests: an in-memory exporter); the caller shuts it down. */
  public static Telemetry create(GatewayConfig config, OpenTelemetry tracing) {
    return new Telemetry(registry(config), tracing, () -> { }, config.metrics());
  }

  /** Neither metrics nor traces. */
  public static Telemetry off() {
    return new Telemetry(null, null, () -> { }, null);
  }

  private static PrometheusMeterRegistry registry(GatewayConfig config) {
    return config.metrics().enabled() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
  }

  /** A Vert.x instance reporting to this telemetry. */
  public Vertx vertx() {
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    if (registry != null) {
      options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
      builder.withMetrics(new MicrometerMetricsFactory(registry));
    }
    if (tracing != null) {
      options.setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(new OpenTelemetryTracingFactory(tracing));
    }
    return builder.with(options).build();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The OpenTelemetry the gateway traces with, when tracing is on. */
  public Optional<OpenTelemetry> tracing() {
    return Optional.ofNullable(tracing);
  }

  public UpstreamTracer upstreamTracer() {
    return tracing == null ? UpstreamTracer.NONE : new OpenTelemetryUpstreamTracer(tracing);
  }

  /** The registry {@code /metrics} renders, when metrics are on. */
  public Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** Flushes and stops the trace exporter (after Vert.x closed: no span is open any more). */
  @Override
  public void close() {
    try {
      tracingShutdown.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (registry != null) {
      registry.close();
    }
  }
}
