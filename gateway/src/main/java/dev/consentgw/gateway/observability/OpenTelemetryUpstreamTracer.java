package dev.consentgw.gateway.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.function.Supplier;

/**
 * Client spans named {@code <provider> <operation>}, children of the facade request's server span,
 * with the provider, the operation, the outcome and the upstream HTTP status as attributes.
 */
public final class OpenTelemetryUpstreamTracer implements UpstreamTracer {

  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("cgw.provider");
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("cgw.upstream.operation");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cgw.upstream.outcome");
  public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final Tracer tracer;

  public OpenTelemetryUpstreamTracer(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.consentgw.gateway");
  }

  @Override
  public Attempt start(String provider, String operation) {
    Span span = tracer.spanBuilder(provider + " " + operation).setSpanKind(SpanKind.CLIENT)
        .setAttribute(PROVIDER, provider).setAttribute(OPERATION, operation).startSpan();
    return new Attempt() {
      @Override
      public <T> T within(Supplier<T> send) {
        try (Scope ignored = span.makeCurrent()) {
          return send.get();
        }
      }

      @Override
      public void end(UpstreamOutcome outcome, int upstreamStatus) {
        span.setAttribute(OUTCOME, outcome.label());
        if (upstreamStatus > 0) {
          span.setAttribute(STATUS, (long) upstreamStatus);
        }
        if (outcome != UpstreamOutcome.SUCCESS) {
          span.setStatus(StatusCode.ERROR, outcome.label());
        }
        span.end();
      }
    };
  }
}
