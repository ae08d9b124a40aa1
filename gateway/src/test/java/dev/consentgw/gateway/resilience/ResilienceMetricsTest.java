package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.UpstreamOutcome;
import dev.consentgw.gateway.observability.UpstreamTracer;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the policy reports: one upstream-call observation and one span per attempt that went
 * upstream (outcome, latency, the provider's status), one observation per refusal (at zero
 * latency, no span), breaker transitions, and gauges that follow the breakers' state.
 */
class ResilienceMetricsTest {

  private static final String PROVIDER = "yapily";
  private static final Duration OPEN_FOR = Duration.ofSeconds(15);

  private static Vertx vertx;

  private final Recorder metrics = new Recorder();
  private final ResilientUpstreamPolicy policy = new ResilientUpstreamPolicy(vertx, options(2),
      Duration.ofSeconds(5), new MutableClock(Instant.parse("2025-06-03T09:00:00Z")), () -> 0.5, metrics, metrics);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eachAttemptIsObservedWithItsOutcomeLatencyAndStatus() throws Exception {
    long started = System.nanoTime();
    policy.execute(call(null), () -> Future.succeededFuture("ok")).await(5, TimeUnit.SECONDS);
    failure(policy.execute(call(null), () -> failed(Kind.REJECTED, 422)));
    failure(policy.execute(call(null), () -> failed(Kind.UNAVAILABLE, 503)));
    long elapsed = System.nanoTime() - started;

    assertThat(metrics.calls).extracting(Call::outcome).containsExactly(UpstreamOutcome.SUCCESS,
        UpstreamOutcome.CLIENT_ERROR, UpstreamOutcome.SERVER_ERROR);
    assertThat(metrics.calls).allSatisfy(c -> {
      assertThat(c.provider()).isEqualTo(PROVIDER);
      assertThat(c.operation()).isEqualTo("initiateAccountRequest");
      assertThat(c.nanos()).isBetween(0L, elapsed);
    });
    assertThat(metrics.spans).containsExactly("initiateAccountRequest started", "initiateAccountRequest success 0",
        "initiateAccountRequest started", "initiateAccountRequest 4xx 422",
        "initiateAccountRequest started", "initiateAccountRequest 5xx 503");
  }

  @Test
  void aRetryIsASecondAttemptWithItsOwnObservation() throws Exception {
    Supplier<Future<String>> failsOnce = new Supplier<>() {
      private int calls;

      @Override
      public Future<String> get() {
        return calls++ == 0 ? failed(Kind.TIMEOUT, 0) : Future.succeededFuture("ok");
      }
    };

    assertThat(policy.execute(UpstreamCall.read(PROVIDER, "getConsentById"), failsOnce)
        .await(5, TimeUnit.SECONDS)).isEqualTo("ok");

    assertThat(metrics.calls).extracting(Call::outcome).containsExactly(UpstreamOutcome.TIMEOUT,
        UpstreamOutcome.SUCCESS);
    assertThat(metrics.spans).containsExactly("getConsentById started", "getConsentById timeout 0",
        "getConsentById started", "getConsentById success 0");
  }

  @Test
  void aRefusalIsObservedOnceAtZeroLatencyWithoutASpan() throws Exception {
    Promise<String> never = Promise.promise();
    policy.execute(call(null), never::future);
    policy.execute(call(null), never::future);
    metrics.spans.clear();

    ProviderFailure refused = failure(policy.execute(call(null), never::future));

    assertThat(refused.retryAfter()).isPresent();
    assertThat(metrics.calls).containsExactly(
        new Call(PROVIDER, "initiateAccountRequest", UpstreamOutcome.REFUSED_BY_BULKHEAD, 0));
    assertThat(metrics.spans).isEmpty();
  }

  @Test
  void breakerTransitionsAndGaugesFollowTheBreakers() throws Exception {
    assertThat(metrics.providerState.get(PROVIDER)).isNull();
    policy.execute(call(null), () -> Future.succeededFuture("ok")).await(5, TimeUnit.SECONDS);
    DoubleSupplier providerState = metrics.providerState.get(PROVIDER);
    DoubleSupplier openInstitutions = metrics.openInstitutions.get(PROVIDER);
    assertThat(providerState.getAsDouble()).isZero();
    assertThat(openInstitutions.getAsDouble()).isZero();

    for (int i = 0; i < 5; i++) {
      failure(policy.execute(call("ferrous"), () -> failed(Kind.INSTITUTION_UNAVAILABLE, 424)));
    }
    assertThat(policy.snapshot(PROVIDER).institutions()).singleElement()
        .extracting(BreakerGuard.Snapshot::state).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(openInstitutions.getAsDouble()).isEqualTo(1);
    assertThat(metrics.transitions).containsExactly("yapily institution open");

    for (int i = 0; i < 5; i++) {
      failure(policy.execute(call(null), () -> failed(Kind.UNAVAILABLE, 503)));
    }
    assertThat(providerState.getAsDouble()).isEqualTo(1);
    assertThat(metrics.transitions).containsExactly("yapily institution open", "yapily provider open");
    metrics.calls.clear();

    failure(policy.execute(call(null), () -> Future.succeededFuture("never sent")));
    assertThat(metrics.calls).extracting(Call::outcome).containsExactly(UpstreamOutcome.REFUSED_BY_BREAKER);
  }

  // ---- helpers

  record Call(String provider, String operation, UpstreamOutcome outcome, long nanos) {
  }

  /** Records metrics and spans. */
  private static final class Recorder implements GatewayMetrics, UpstreamTracer {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<String> spans = new CopyOnWriteArrayList<>();
    final List<String> transitions = new CopyOnWriteArrayList<>();
    final Map<String, DoubleSupplier> providerState = new ConcurrentHashMap<>();
    final Map<String, DoubleSupplier> openInstitutions = new ConcurrentHashMap<>();

    @Override
    public void upstreamCall(String provider, String operation, UpstreamOutcome outcome, long nanos) {
      calls.add(new Call(provider, operation, outcome, nanos));
    }

    @Override
    public void breakerTransition(String provider, String scope, String to) {
      transitions.add(provider + " " + scope + " " + to);
    }

    @Override
    public void watchBreakers(String provider, DoubleSupplier state, DoubleSupplier notClosed) {
      providerState.put(provider, state);
      openInstitutions.put(provider, notClosed);
    }

    @Override
    public Attempt start(String provider, String operation) {
      spans.add(operation + " started");
      return new Attempt() {
        @Override
        public <T> T within(Supplier<T> send) {
          return send.get();
        }

        @Override
        public void end(UpstreamOutcome outcome, int upstreamStatus) {
          spans.add(operation + " " + outcome.label() + " " + upstreamStatus);
        }
      };
    }
  }

  private static ResilienceOptions options(int maxConcurrentCalls) {
    return new ResilienceOptions(Duration.ofSeconds(15),
        new ResilienceOptions.Retries(1, Duration.ofMillis(1), 0.2, 3, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(maxConcurrentCalls), new ResilienceOptions.Breaker(5, OPEN_FOR),
        new ResilienceOptions.InstitutionBreaker(5, OPEN_FOR, 10_000, Duration.ofHours(1)));
  }

  private static UpstreamCall call(String institutionId) {
    return UpstreamCall.write(PROVIDER, institutionId, "initiateAccountRequest");
  }

  private static Future<String> failed(Kind kind, int status) {
    return Future.failedFuture(new ProviderFailure(new ProviderError(kind, PROVIDER, null, status, "failed")));
  }

  private static ProviderFailure failure(Future<String> future) throws Exception {
    Throwable failure = future.map(v -> (Throwable) null).otherwise(e -> e).await(5, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return (ProviderFailure) failure;
  }
}
