package dev.consentgw.gateway.resilience;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cap on a whole HTTP exchange really cancels it: against an upstream that trickles its body a
 * few bytes at a time (which the idle timeout never notices) and one that sends nothing, the call
 * fails with a timeout and the upstream sees its connection closed.
 */
class ExchangeTimeoutTest {

  private static final Duration CAP = Duration.ofMillis(400);
  private static final long TRICKLE_EVERY_MILLIS = 50;
  private static final int TRICKLE_CHUNKS = 40;

  private static Vertx vertx;
  private static HttpServer upstream;
  private static final AtomicInteger closedConnections = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer()
        .connectionHandler(connection -> connection.closeHandler(v -> closedConnections.incrementAndGet()))
        .requestHandler(request -> {
          if (request.path().equals("/silent")) {
            return;
          }
          // Headers at once, then a chunk every 50 ms for two seconds.
          request.response().setChunked(true).putHeader("Content-Type", "application/json").write("[");
          AtomicInteger sent = new AtomicInteger();
          vertx.setPeriodic(TRICKLE_EVERY_MILLIS, id -> {
            if (request.response().closed() || sent.incrementAndGet() > TRICKLE_CHUNKS) {
              vertx.cancelTimer(id);
              if (!request.response().closed()) {
                request.response().end("0]");
              }
              return;
            }
            request.response().write("0,");
          });
        })
        .listen(0).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    closedConnections.set(0);
  }

  @Test
  void withoutTheCapATricklingBodyOutlastsTheIdleTimeout() throws Exception {
    WebClient plain = WebClient.create(vertx);

    HttpResponse<Buffer> response = plain.get(upstream.actualPort(), "localhost", "/trickle")
        .idleTimeout(CAP.toMillis()).send().await(10, TimeUnit.SECONDS);

    assertThat(response.bodyAsString()).endsWith("0]");
  }

  @Test
  void aTricklingBodyIsCancelledAtTheCap() throws Exception {
    WebClient capped = ExchangeTimeout.install(WebClient.create(vertx), vertx, CAP);

    Throwable failure = failureOf(capped.get(upstream.actualPort(), "localhost", "/trickle")
        .idleTimeout(CAP.toMillis()).send());

    assertThat(failure).hasRootCauseInstanceOf(TimeoutException.class);
    await().atMost(5, TimeUnit.SECONDS).until(() -> closedConnections.get() == 1);
  }

  @Test
  void aSilentUpstreamIsCancelledAtTheCap() throws Exception {
    WebClient capped = ExchangeTimeout.install(WebClient.create(vertx), vertx, CAP);

    Throwable failure = failureOf(capped.get(upstream.actualPort(), "localhost", "/silent").send());

    assertThat(failure).hasRootCauseInstanceOf(TimeoutException.class);
    await().atMost(5, TimeUnit.SECONDS).until(() -> closedConnections.get() == 1);
  }

  @Test
  void theRequestDeadlineCutsTheExchangeShorterThanTheCap() throws Exception {
    WebClient capped = ExchangeTimeout.install(WebClient.create(vertx), vertx, Duration.ofSeconds(30));
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    CompletableFuture<Future<HttpResponse<Buffer>>> sent = new CompletableFuture<>();

    request.runOnContext(v -> {
      RequestDeadline.start(request, CAP);
      sent.complete(capped.get(upstream.actualPort(), "localhost", "/silent").send());
    });

    assertThat(failureOf(sent.get(5, TimeUnit.SECONDS))).hasRootCauseInstanceOf(TimeoutException.class);
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    return future.map(v -> (Throwable) null).otherwise(e -> e).await(10, TimeUnit.SECONDS);
  }
}
