package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The policy on its own: admission, permits on every path, retries, time limits. Suppliers stand in
 * for adapters. The breakers' open period runs on a real timer: tests that need a half-open
 * breaker use a short one and wait for it.
 */
class ResilientUpstreamPolicyTest {

  private static final String PROVIDER = "yapily";
  private static final Duration OPEN_FOR = Duration.ofSeconds(15);
  /** Long enough for refusals right after opening, short enough to wait for half-open. */
  private static final Duration SHORT_OPEN_FOR = Duration.ofMillis(500);
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(200);

  private static Vertx vertx;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-03T09:00:00Z"));

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void opensAfterFiveConsecutiveProviderFailuresThenRefusesWithoutCalling() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    Upstream upstream = new Upstream(() -> failed(Kind.UNAVAILABLE, 503));

    long beforeOpening = 0;
    for (int i = 0; i < 5; i++) {
      beforeOpening = System.nanoTime();
      assertThat(failureOf(policy.execute(write(null), upstream)).retryAfter()).isEmpty();
    }
    ProviderFailure refused = failureOf(policy.execute(write(null), upstream));

    Duration sinceOpening = Duration.ofNanos(System.nanoTime() - beforeOpening);
    assertThat(upstream.calls()).isEqualTo(5);
    assertThat(refused.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.retryAfter()).as("the rest of the open period")
        .hasValueSatisfying(wait -> assertThat(wait).isBetween(OPEN_FOR.minus(sinceOpening), OPEN_FOR));
    ProviderGuards.Snapshot snapshot = policy.snapshot(PROVIDER);
    assertThat(snapshot.circuit().state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(snapshot.circuit().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void halfOpenLetsOneProbeThroughAndItsSuccessCloses() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3, SHORT_OPEN_FOR));
    open(policy, null);
    awaitHalfOpen(policy);
    Promise<String> probeAnswer = Promise.promise();
    Upstream upstream = new Upstream(probeAnswer::future);

    Future<String> probe = policy.execute(write(null), upstream);
    ProviderFailure second = failureOf(policy.execute(write(null), upstream));
    probeAnswer.complete("ok");

    assertThat(probe.await(5, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(second.retryAfter()).contains(Duration.ZERO);
    assertThat(policy.snapshot(PROVIDER).circuit().state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  enum ProbeEnd { SUCCEEDS, FAILS, CLIENT_ERROR, THROWS, NEVER_ANSWERS }

  @ParameterizedTest
  @EnumSource(ProbeEnd.class)
  void everyWayAProbeEndsReturnsItsPermits(ProbeEnd end) throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3, SHORT_OPEN_FOR));
    open(policy, null);
    awaitHalfOpen(policy);
    Upstream upstream = new Upstream(switch (end) {
      case SUCCEEDS -> () -> Future.succeededFuture("ok");
      case FAILS -> () -> failed(Kind.UNAVAILABLE, 502);
      case CLIENT_ERROR -> () -> failed(Kind.REJECTED, 400);
      case THROWS -> () -> {
        throw new IllegalStateException("adapter bug");
      };
      case NEVER_ANSWERS -> () -> Promise.<String>promise().future();
    });

    Future<String> probe = policy.execute(write(null), upstream);
    probe.otherwiseEmpty().await(5, TimeUnit.SECONDS);

    ProviderGuards.Snapshot snapshot = policy.snapshot(PROVIDER);
    assertThat(snapshot.bulkhead().inFlight()).isZero();
    // The library has no neutral outcome: an answer (even a 400) and the gateway's own bug count as successes.
    CircuitBreakerState expected = switch (end) {
      case SUCCEEDS, CLIENT_ERROR, THROWS -> CircuitBreakerState.CLOSED;
      case FAILS, NEVER_ANSWERS -> CircuitBreakerState.OPEN;
    };
    assertThat(snapshot.circuit().state()).isEqualTo(expected);
    if (expected == CircuitBreakerState.CLOSED) {
      Upstream next = new Upstream(() -> Future.succeededFuture("ok"));
      assertThat(policy.execute(write(null), next).await(5, TimeUnit.SECONDS))
          .as("the probe was answered, so calls pass again").isEqualTo("ok");
    }
    if (end == ProbeEnd.NEVER_ANSWERS) {
      assertThat(failureOf(probe).error().kind()).isEqualTo(Kind.TIMEOUT);
    }
  }

  @ParameterizedTest(name = "{0} ({1}), idempotent {2}: {3} call(s)")
  @CsvSource({
      "UNAVAILABLE,    503, true,  2",
      "TIMEOUT,          0, true,  2",
      "UNAVAILABLE,    503, false, 1",
      "UNAVAILABLE,    429, true,  1",
      "AUTHENTICATION, 401, true,  1",
      "REJECTED,       400, true,  1",
      "NOT_FOUND,      404, true,  1"})
  void retriesOnlyIdempotentCallsAndOnlyFailuresThatMayPass(Kind kind, int status, boolean idempotent, int calls)
      throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    Upstream upstream = new Upstream(() -> failed(kind, status));

    ProviderFailure failure = failureOf(policy.execute(new UpstreamCall(PROVIDER, null, "op", idempotent), upstream));

    assertThat(upstream.calls()).isEqualTo(calls);
    assertThat(failure.error().kind()).isEqualTo(kind);
  }

  @Test
  void aRetrySucceedsWhenTheSecondAttemptDoes() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    AtomicInteger attempt = new AtomicInteger();
    Upstream upstream = new Upstream(() -> attempt.incrementAndGet() == 1 ? failed(Kind.TIMEOUT, 0)
        : Future.succeededFuture("second"));

    assertThat(policy.execute(read(), upstream).await(5, TimeUnit.SECONDS)).isEqualTo("second");
    assertThat(upstream.calls()).isEqualTo(2);
    assertThat(policy.snapshot(PROVIDER).retryBudget()).isEqualTo(new RetryBudget.Snapshot(1, 1, 0));
  }

  @Test
  void retriesStopWhenTheBudgetIsSpent() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 1));
    Upstream upstream = new Upstream(() -> failed(Kind.UNAVAILABLE, 503));

    failureOf(policy.execute(read(), upstream));
    failureOf(policy.execute(read(), upstream));
    failureOf(policy.execute(read(), upstream));

    assertThat(upstream.calls()).as("one retry (the minimum), then 20 % of 3 calls is less than one").isEqualTo(4);
    assertThat(policy.snapshot(PROVIDER).retryBudget()).isEqualTo(new RetryBudget.Snapshot(3, 1, 2));
  }

  @Test
  void aRetryTheBreakerRefusesLeavesTheOriginalFailure() throws Exception {
    ResilientUpstreamPolicy policy = policy(new ResilienceOptions(Duration.ofSeconds(15),
        new ResilienceOptions.Retries(1, Duration.ofMillis(1), 0.2, 3, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(64), new ResilienceOptions.Breaker(1, OPEN_FOR), institutions(OPEN_FOR)));
    Upstream upstream = new Upstream(() -> failed(Kind.TIMEOUT, 0));

    ProviderFailure failure = failureOf(policy.execute(read(), upstream));

    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(failure.error().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void anAttemptThatNeverAnswersTimesOutAtTheCallTimeout() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 0, 0.2, 3));
    Upstream upstream = new Upstream(() -> Promise.<String>promise().future());

    ProviderFailure failure = failureOf(policy.execute(read(), upstream));

    assertThat(failure.error().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.error().provider()).isEqualTo(PROVIDER);
    assertThat(policy.snapshot(PROVIDER).circuit().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void theRequestDeadlineBoundsAttemptsAndLeavesNoTimeForARetry() throws Exception {
    ResilientUpstreamPolicy policy = policy(new ResilienceOptions(Duration.ofSeconds(15),
        new ResilienceOptions.Retries(1, Duration.ofMillis(1), 1.0, 3, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(64), new ResilienceOptions.Breaker(5, OPEN_FOR), institutions(OPEN_FOR)),
        Duration.ofSeconds(30));
    Upstream upstream = new Upstream(() -> Promise.<String>promise().future());

    ProviderFailure failure = failureOf(inRequest(Duration.ofMillis(300), () -> policy.execute(read(), upstream)));

    assertThat(failure.error().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(upstream.calls()).isEqualTo(1);
  }

  @Test
  void nothingIsSentOnceTheRequestDeadlinePassed() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    Upstream upstream = new Upstream(() -> Future.succeededFuture("late"));

    ProviderFailure failure = failureOf(inRequest(Duration.ZERO, () -> policy.execute(read(), upstream)));

    assertThat(failure.error().kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(upstream.calls()).isZero();
  }

  /** The provider and the bank answered: a consent that ended is no evidence against either. */
  @Test
  void consentsThatEndedOpenNoBreaker() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    Upstream ended = new Upstream(() -> failed(Kind.CONSENT_INACTIVE, 403));

    for (int i = 0; i < 8; i++) {
      assertThat(failureOf(policy.execute(write("thistle"), ended)).error().kind()).isEqualTo(Kind.CONSENT_INACTIVE);
    }

    assertThat(ended.calls()).as("never refused, never retried").isEqualTo(8);
    ProviderGuards.Snapshot snapshot = policy.snapshot(PROVIDER);
    assertThat(snapshot.circuit().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(snapshot.institutions()).allSatisfy(i -> assertThat(i.state()).isEqualTo(CircuitBreakerState.CLOSED));
  }

  @Test
  void institutionFailuresOpenOnlyThatInstitutionsBreaker() throws Exception {
    ResilientUpstreamPolicy policy = policy(options(64, 1, 0.2, 3));
    Upstream failing = new Upstream(() -> failed(Kind.INSTITUTION_UNAVAILABLE, 424));
    Upstream healthy = new Upstream(() -> Future.succeededFuture("ok"));

    for (int i = 0; i < 5; i++) {
      failureOf(policy.execute(write("ferrous"), failing));
    }
    ProviderFailure refused = failureOf(policy.execute(write("ferrous"), failing));

    assertThat(failing.calls()).isEqualTo(5);
    assertThat(refused.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(refused.error().institutionId()).isEqualTo("ferrous");
    assertThat(refused.retryAfter()).as("the rest of the open period, which just began")
        .hasValueSatisfying(wait -> assertThat(wait).isBetween(OPEN_FOR.minusSeconds(5), OPEN_FOR));
    assertThat(policy.execute(write("thistle"), healthy).await(5, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(policy.execute(write(null), healthy).await(5, TimeUnit.SECONDS)).isEqualTo("ok");
    ProviderGuards.Snapshot snapshot = policy.snapshot(PROVIDER);
    assertThat(snapshot.circuit().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(snapshot.institutions()).singleElement().satisfies(institution -> {
      assertThat(institution.name()).isEqualTo("yapily:ferrous");
      assertThat(institution.state()).isEqualTo(CircuitBreakerState.OPEN);
      assertThat(institution.rejectedCalls()).isEqualTo(1);
    });
  }

  @Test
  void theBulkheadRefusesCallsBeyondItsLimitAtOnce() throws Exception {
    List<Promise<String>> answers = new ArrayList<>();
    Upstream upstream = new Upstream(() -> {
      Promise<String> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    });
    Duration generous = Duration.ofSeconds(30);
    ResilientUpstreamPolicy patient = policy(new ResilienceOptions(generous,
        new ResilienceOptions.Retries(1, Duration.ofMillis(1), 0.2, 3, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(2), new ResilienceOptions.Breaker(5, OPEN_FOR), institutions(OPEN_FOR)),
        generous);

    Future<String> first = patient.execute(write(null), upstream);
    Future<String> second = patient.execute(write(null), upstream);
    ProviderFailure third = failureOf(patient.execute(write(null), upstream));

    assertThat(upstream.calls()).isEqualTo(2);
    assertThat(third.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(third.retryAfter()).contains(Duration.ZERO);
    assertThat(patient.snapshot(PROVIDER).bulkhead()).isEqualTo(new Bulkhead.Snapshot(2, 2, 1));
    answers.forEach(a -> a.complete("done"));
    assertThat(first.await(5, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(second.await(5, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(patient.snapshot(PROVIDER).bulkhead().inFlight()).isZero();
  }

  // ----------------------------------------------------------------- helpers

  /** Counts how often the policy calls upstream. */
  private static final class Upstream implements Supplier<Future<String>> {
    private final Supplier<Future<String>> answer;
    private final AtomicInteger calls = new AtomicInteger();

    Upstream(Supplier<Future<String>> answer) {
      this.answer = answer;
    }

    @Override
    public Future<String> get() {
      calls.incrementAndGet();
      return answer.get();
    }

    int calls() {
      return calls.get();
    }
  }

  private ResilientUpstreamPolicy policy(ResilienceOptions options) {
    return policy(options, CALL_TIMEOUT);
  }

  private ResilientUpstreamPolicy policy(ResilienceOptions options, Duration callTimeout) {
    return new ResilientUpstreamPolicy(vertx, options, callTimeout, clock, () -> 0.5);
  }

  private static ResilienceOptions options(int maxConcurrentCalls, int maxRetries, double ratio, int minimum) {
    return options(maxConcurrentCalls, maxRetries, ratio, minimum, OPEN_FOR);
  }

  private static ResilienceOptions options(int maxConcurrentCalls, int maxRetries, double ratio, int minimum,
      Duration openFor) {
    return new ResilienceOptions(Duration.ofSeconds(15),
        new ResilienceOptions.Retries(maxRetries, Duration.ofMillis(1), ratio, minimum, Duration.ofSeconds(10)),
        new ResilienceOptions.Bulkhead(maxConcurrentCalls), new ResilienceOptions.Breaker(5, openFor),
        institutions(openFor));
  }

  private static ResilienceOptions.InstitutionBreaker institutions(Duration openFor) {
    return new ResilienceOptions.InstitutionBreaker(5, openFor, 10_000, Duration.ofHours(1));
  }

  private static void awaitHalfOpen(ResilientUpstreamPolicy policy) {
    await().atMost(5, TimeUnit.SECONDS)
        .until(() -> policy.snapshot(PROVIDER).circuit().state() == CircuitBreakerState.HALF_OPEN);
  }

  private static void open(ResilientUpstreamPolicy policy, String institutionId) throws Exception {
    Upstream failing = new Upstream(() -> failed(Kind.UNAVAILABLE, 500));
    for (int i = 0; i < 5; i++) {
      failureOf(policy.execute(write(institutionId), failing));
    }
    assertThat(policy.snapshot(PROVIDER).circuit().state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  /** Runs {@code call} as a facade request with {@code deadline} would: on a request context with its deadline. */
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

  private static UpstreamCall write(String institutionId) {
    return UpstreamCall.write(PROVIDER, institutionId, "initiateAccountRequest");
  }

  private static Future<String> failed(Kind kind, int status) {
    return Future.failedFuture(new ProviderFailure(new ProviderError(kind, PROVIDER,
        kind == Kind.INSTITUTION_UNAVAILABLE ? "ferrous" : null, status, "upstream said no")));
  }

  private static ProviderFailure failureOf(Future<?> future) throws Exception {
    Throwable failure = future.map(v -> (Throwable) null).otherwise(e -> e).await(5, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return (ProviderFailure) failure;
  }
}
