package dev.consentgw.gateway.observability;

import java.util.List;

/**
 * The {@code tracing:} section of {@code gateway-defaults.yaml}. Off by default; when on, the
 * OpenTelemetry SDK is configured the standard way, from {@code OTEL_*} environment variables
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME}, {@code OTEL_TRACES_SAMPLER}, ...).
 */
public record TracingOptions(boolean enabled) {

  public List<String> problems(String at) {
    return List.of();
  }
}
