package dev.consentgw.gateway.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * What a log line says about the request it was written for (request id, tenant, provider), kept
 * in that request's Vert.x context: every callback run for the request sees it, without it being
 * passed around or copied into a thread-local MDC that async hops would lose. {@link JsonLogEncoder}
 * reads it on the logging thread (appenders are synchronous), with the trace id from {@link TraceIds}.
 *
 * <p>A service provider only because Vert.x gives storage to a context local only when it is
 * registered before the first {@code Vertx} instance is created (see {@code META-INF/services}).
 */
public final class RequestLogFields implements VertxServiceProvider {

  private static final ContextLocal<Fields> FIELDS = ContextLocal.registerLocal(Fields.class);

  /** One request's fields; written on the request's context only. */
  static final class Fields {
    volatile String requestId;
    volatile String tenant;
    volatile String provider;
  }

  @Override
  public void init(VertxBootstrap builder) {
    // Nothing to set up: loading this class registered the context local.
  }

  /** Starts the fields of the request served on the current context. */
  public static void requestId(String requestId) {
    fields(true).requestId = requestId;
  }

  public static void tenant(String tenant) {
    Fields fields = fields(false);
    if (fields != null) {
      fields.tenant = tenant;
    }
  }

  /** The provider the current request is calling (the last one, if it calls several). */
  public static void provider(String provider) {
    Fields fields = fields(false);
    if (fields != null) {
      fields.provider = provider;
    }
  }

  /** The current request's fields, or null outside a request. */
  static Fields current() {
    return fields(false);
  }

  private static Fields fields(boolean create) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return null;
    }
    Fields fields = context.getLocal(FIELDS);
    if (fields == null && create) {
      fields = new Fields();
      context.putLocal(FIELDS, fields);
    }
    return fields;
  }
}
