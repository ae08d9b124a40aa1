package dev.consentgw.gateway.resilience;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Caps each whole HTTP exchange with an upstream — waiting for a connection, sending, the response
 * headers and the complete body — at the per-call timeout or the current request's remaining
 * {@link RequestDeadline}, whichever is shorter, and then really cancels it: the request is reset
 * (for HTTP/1.1 the connection is closed) and the call fails with a {@link TimeoutException}.
 *
 * <p>The Vert.x request timeout only measures silence: an upstream that trickles its body a byte at
 * a time never trips it. Vert.x's web client offers no public hook on the underlying request, so
 * this is a web-client interceptor (the mechanism the client's own sessions and caching use).
 */
public final class ExchangeTimeout implements Handler<HttpContext<?>> {

  /** The {@link HttpContext} attribute holding the exchange's {@link Exchange}. */
  private static final String EXCHANGE = ExchangeTimeout.class.getName();

  private final Vertx vertx;
  private final Duration callTimeout;

  private ExchangeTimeout(Vertx vertx, Duration callTimeout) {
    this.vertx = vertx;
    this.callTimeout = callTimeout;
  }

  /** Installs the cap on every exchange {@code client} makes. */
  public static WebClient install(WebClient client, Vertx vertx, Duration callTimeout) {
    ((WebClientInternal) client).addInterceptor(new ExchangeTimeout(vertx, callTimeout));
    return client;
  }

  /** One exchange's timer, and its request once it exists. Touched only on the exchange's context. */
  private static final class Exchange {
    long timer;
    HttpClientRequest request;
    boolean expired;
  }

  @Override
  public void handle(HttpContext<?> ctx) {
    switch (ctx.phase()) {
      case PREPARE_REQUEST -> start(ctx);
      case SEND_REQUEST -> {
        Exchange exchange = ctx.get(EXCHANGE);
        if (exchange != null && exchange.expired) {
          // The connection arrived after the time ran out: never send the request.
          ctx.fail(timedOut());
          return;
        }
        if (exchange != null) {
          exchange.request = ctx.clientRequest();
        }
      }
      case DISPATCH_RESPONSE, FAILURE -> {
        Exchange exchange = ctx.get(EXCHANGE);
        if (exchange != null) {
          vertx.cancelTimer(exchange.timer);
        }
      }
      default -> {
      }
    }
    ctx.next();
  }

  private void start(HttpContext<?> ctx) {
    long limitMillis = callTimeout.toMillis();
    long remainingMillis = RequestDeadline.current()
        .map(deadline -> Duration.ofNanos(deadline - System.nanoTime()).toMillis())
        .orElse(limitMillis);
    Exchange exchange = new Exchange();
    ctx.set(EXCHANGE, exchange);
    exchange.timer = vertx.setTimer(Math.max(1, Math.min(limitMillis, remainingMillis)), id -> {
      exchange.expired = true;
      if (exchange.request != null) {
        exchange.request.reset(0, timedOut());
      } else {
        ctx.fail(timedOut());
      }
    });
  }

  private TimeoutException timedOut() {
    return new TimeoutException("the upstream exchange exceeded its time limit");
  }
}
