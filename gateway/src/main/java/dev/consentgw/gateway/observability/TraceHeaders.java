package dev.consentgw.gateway.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;

/**
 * Puts the current span into every request a provider client sends ({@code traceparent}, and
 * whatever else the configured propagators write). It runs while the request is prepared, which
 * happens inside {@link UpstreamTracer.Attempt#within}, so the attempt's client span is the parent
 * the provider sees. Vert.x's own client tracing stays off for these clients: it would propagate
 * the server span instead, once the connection is ready.
 */
public final class TraceHeaders implements Handler<HttpContext<?>> {

  private static final TextMapSetter<MultiMap> SETTER = (headers, name, value) -> headers.set(name, value);

  private final OpenTelemetry openTelemetry;

  private TraceHeaders(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  public static WebClient install(WebClient client, OpenTelemetry openTelemetry) {
    ((WebClientInternal) client).addInterceptor(new TraceHeaders(openTelemetry));
    return client;
  }

  @Override
  public void handle(HttpContext<?> ctx) {
    if (ctx.phase() == ClientPhase.PREPARE_REQUEST) {
      openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), ctx.request().headers(), SETTER);
    }
    ctx.next();
  }
}
