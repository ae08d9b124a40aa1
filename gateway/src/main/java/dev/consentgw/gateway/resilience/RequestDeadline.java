package dev.consentgw.gateway.resilience;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

import java.time.Duration;
import java.util.Optional;

/**
 * The deadline of the facade request being served, kept in that request's Vert.x context: every
 * upstream call made for the request, however deep in the call chain, runs on that context and so
 * sees the same deadline without it being passed through every signature. Monotonic time
 * ({@link System#nanoTime()}), so clock changes cannot stretch it.
 *
 * <p>A service provider only because Vert.x gives storage to a context local only when it is
 * registered before the first {@code Vertx} instance is created; service providers are loaded
 * before that (declared in {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}).
 */
public final class RequestDeadline implements VertxServiceProvider {

  private static final ContextLocal<Long> DEADLINE_NANOS = ContextLocal.registerLocal(Long.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Nothing to set up: loading this class registered the context local.
  }

  /** Starts the deadline of the request served on {@code context} (a request's own duplicated context). */
  static void start(Context context, Duration budget) {
    context.putLocal(DEADLINE_NANOS, System.nanoTime() + budget.toNanos());
  }

  /** The deadline (in {@link System#nanoTime()} terms) of the request served on the current context, if any. */
  static Optional<Long> current() {
    Context context = Vertx.currentContext();
    return context == null ? Optional.empty() : Optional.ofNullable(context.getLocal(DEADLINE_NANOS));
  }
}
