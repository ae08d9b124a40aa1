package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edges of the resilience code the state-table tests do not reach: an open period the clock has
 * already passed, a retry whose pause would outlast the request, and the length of that pause.
 */
class ResilienceEdgesTest {

  private static final String PROVIDER = "yapily";
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * The library's reset timer fires late (a busy event loop): the breaker is still open although its
   * open period is over. The time left must then be zero, never negative — a negative wait would be
   * sent to clients as a Retry-After and would keep the breaker looking open for good.
   */
  @Test
  void anOpenBreakerWhoseOpenPeriodIsOverSaysZeroNeverNegative() {
    CircuitBreaker library = library(Duration.ofHours(1));
    BreakerGuard breaker = new BreakerGuard(library, Duration.ofNanos(1), OutcomeClassifier::forProvider,
        (n, f, t, c) -> { });
    library.open();
    long opened = System.nanoTime();
    while (System.nanoTime() - opened < 10) {
      Thread.onSpinWait();
    }

    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(breaker.snapshot().retryAfter()).isEqualTo(Duration.ZERO);
    synchronized (breaker.monitor()) {
      assertThat(breaker.refusal()).as("still refused: the library has not moved yet").isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void anOpenBreakerSaysTheRestOfItsOpenPeriod() {
    Duration openFor = Duration.ofHours(1);
    CircuitBreaker library = library(openFor);
    BreakerGuard breaker = new BreakerGuard(library, openFor, OutcomeClassifier::forProvider, (n, f, t, c) -> { });
    long before = System.nanoTime();
    library.open();

    Duration left = breaker.retryAfter();

    Duration elapsed = Duration.ofNanos(System.nanoTime() - before);
    assertThat(left).isBetween(openFor.minus(elapsed), openFor);
    assertThat(breaker.snapshot().retryAfter()).isBetween(openFor.minus(elapsed.plusSeconds(1)), left);
  }

  /** Half-open (here sooner than the guard's own open period says): a probe may go now, so zero. */
  @Test
  void aClosedOrHalfOpenBreakerSaysZero() {
    CircuitBreaker library = library(Duration.ofMillis(50));
    BreakerGuard breaker = new BreakerGuard(library, Duration.ofHours(1), OutcomeClassifier::forProvider,
        (n, f, t, c) -> { });
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(breaker.snapshot().retryAfter()).isEqualTo(Duration.ZERO);

    library.open();
    await().atMost(5, TimeUnit.SECONDS).until(() -> breaker.snapshot().state() == CircuitBreakerState.HALF_OPEN);
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(breaker.snapshot().retryAfter()).isEqualTo(Duration.ZERO);
  }

  /**
   * A retryable failure, time left in the request, but the pause before the retry alone would use it
   * up: no retry is scheduled and none is taken from the budget; the failure is the answer at once.
   */
  @Test
  void noRetryIsScheduledWhenItsPauseWouldOutlastTheRequest() throws Exception {
    ResilientUpstreamPolicy policy = policy(Duration.ofSeconds(20), () -> 0.0);
    Upstream upstream = new Upstream(() -> failed(Kind.TIMEOUT));

    ProviderFailure failure = failureOf(inRequest(Duration.ofSeconds(5), () -> policy.execute(read(), upstream)));

    assertThat(failure.error().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(upstream.calls()).hasSize(1);
    assertThat(policy.snapshot(PROVIDER).retryBudget()).as("no retry taken from the budget")
        .isEqualTo(new RetryBudget.Snapshot(1, 0, 0));
  }

  /** The pause before a retry is the backoff times a jitter factor in [0.5, 1.5): here 1.4 × 250 ms. */
  @Test
  void theRetryWaitsTheJitteredBackoff() throws Exception {
    Duration backoff = Duration.ofMillis(250);
    ResilientUpstreamPolicy policy = policy(backoff, () -> 0.9);
    Upstream upstream = new Upstream(() -> failed(Kind.UNAVAILABLE));

    failureOf(inRequest(Duration.ofSeconds(10), () -> policy.execute(read(), upstream)));

    assertThat(upstream.calls()).hasSize(2);
    Duration pause = Duration.ofNanos(upstream.calls().get(1) - upstream.calls().get(0));
    assertThat(pause).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    assertThat(policy.snapshot(PROVIDER).retryBudget()).isEqualTo(new RetryBudget.Snapshot(1, 1, 0));
  }

  /** Broken credentials are the operator's to fix: one error line per failed call, naming the setting. */
  @Test
  void refusedCredentialsAreLoggedAsAnErrorAndOtherFailuresAreNot() throws Exception {
    ResilientUpstreamPolicy policy = policy(Duration.ofMillis(1), () -> 0.0);
    Logger logger = (Logger) LoggerFactory.getLogger(ResilientUpstreamPolicy.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      failureOf(policy.execute(read(), new Upstream(() -> failed(Kind.REJECTED))));
      assertThat(appender.list).noneMatch(e -> e.getLevel() == Level.ERROR);

      failureOf(policy.execute(read(), new Upstream(() -> failed(Kind.AUTHENTICATION))));
      assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
          .extracting(ILoggingEvent::getFormattedMessage).asString()
          .contains("yapily refused the gateway's credentials on getConsentById (HTTP 503)")
          .contains("check providers.yapily");
    } finally {
      logger.detachAppender(appender);
    }
  }

  // ---- helpers

  private static CircuitBreaker library(Duration resetTimeout) {
    return CircuitBreaker.create("yapily", vertx, new CircuitBreakerOptions().setMaxFailures(5)
        .setResetTimeout(resetTimeout.toMillis()).setTimeout(-1)
        .setFailuresRollingWindow(BreakerGuard.FAILURES_WINDOW.toMillis()));
  }

  private static ResilientUpstreamPolicy policy(Duration backoff, java.util.function.DoubleSupplier random) {
    Duration openFor = Duration.ofSeconds(15);
    ResilienceOptions options = new ResilienceOptions(Duration.ofSeconds(30),
        new ResilienceOptions.Retries(1, backoff, 1.0, 3, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(8), new ResilienceOptions.Breaker(5, openFor),
        new ResilienceOptions.InstitutionBreaker(5, openFor, 100, Duration.ofHours(1)));
    return new ResilientUpstreamPolicy(vertx, options, Duration.ofSeconds(2),
        new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), random);
  }

  /** Remembers when (System.nanoTime) each attempt went upstream. */
  private static final class Upstream implements Supplier<Future<String>> {
    private final Supplier<Future<String>> answer;
    private final List<Long> calls = new CopyOnWriteArrayList<>();

    Upstream(Supplier<Future<String>> answer) {
      this.answer = answer;
    }

    @Override
    public Future<String> get() {
      calls.add(System.nanoTime());
      return answer.get();
    }

    List<Long> calls() {
      return calls;
    }
  }

  private static <T> Future<T> inRequest(Duration deadline, Supplier<Future<T>> call) throws Exception {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    CompletableFuture<Future<T>> started = new CompletableFuture<>();
    request.runOnContext(v -> {
      RequestDeadline.start(request, deadline);
      started.complete(call.get());
    });
    return started.get(5, TimeUnit.SECONDS);
  }

  private static UpstreamCall read() {
    return UpstreamCall.read(PROVIDER, "getConsentById");
  }

  private static Future<String> failed(Kind kind) {
    return Future.failedFuture(new ProviderFailure(new ProviderError(kind, PROVIDER, null, 503, "upstream said no")));
  }

  private static ProviderFailure failureOf(Future<?> future) throws Exception {
    Throwable failure = future.map(v -> (Throwable) null).otherwise(e -> e).await(5, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return (ProviderFailure) failure;
  }
}
