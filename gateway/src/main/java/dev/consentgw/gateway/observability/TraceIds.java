package dev.consentgw.gateway.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.util.Optional;

/** The id of the trace the current request belongs to, when tracing is on. */
public final class TraceIds {

  private TraceIds() {
  }

  /** The current span's trace id (Vert.x keeps the server span in the request's context), or empty. */
  public static Optional<String> current() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? Optional.of(span.getTraceId()) : Optional.empty();
  }
}
