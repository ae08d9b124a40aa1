package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static dev.consentgw.gateway.resilience.BreakerGuardTest.awaitState;
import static dev.consentgw.gateway.resilience.BreakerGuardTest.end;
import static dev.consentgw.gateway.resilience.BreakerGuardTest.enter;
import static dev.consentgw.gateway.resilience.BreakerGuardTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Admission across the guards: asked in order (provider breaker, institution breaker, bulkhead),
 * entered only once all said yes, so a refusal never leaves a trace on an earlier guard; every
 * permit returned exactly once.
 */
class ProviderGuardsTest {

  private static final String PROVIDER = "yapily";
  private static final Duration OPEN_FOR = Duration.ofMillis(400);
  private static final int THRESHOLD = 5;

  private static Vertx vertx;

  /** The library breakers behind the guards, for the tests that race them. */
  private CircuitBreaker providerLibrary;
  private CircuitBreaker ferrousLibrary;
  private BreakerGuard provider;
  private Bulkhead bulkhead;
  private ProviderGuards guards;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void create(int maxConcurrentCalls) {
    providerLibrary = library(PROVIDER);
    provider = new BreakerGuard(providerLibrary, OPEN_FOR, OutcomeClassifier::forProvider, (n, f, t, c) -> { });
    bulkhead = new Bulkhead(maxConcurrentCalls);
    guards = new ProviderGuards(PROVIDER, provider, new InstitutionBreakers(100, Duration.ofHours(1), id -> {
      CircuitBreaker library = library(PROVIDER + ":" + id);
      if (id.equals("ferrous")) {
        ferrousLibrary = library;
      }
      return new BreakerGuard(library, OPEN_FOR, OutcomeClassifier::forInstitution, (n, f, t, c) -> { });
    }), bulkhead, new RetryBudget(0.2, 3, Duration.ofSeconds(10),
        new MutableClock(Instant.parse("2025-06-03T09:00:00Z"))));
  }

  @Test
  void anOpenProviderBreakerRefusesBeforeTheInstitutionOrTheBulkheadIsAsked() throws Exception {
    create(4);
    openProvider();

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.error().institutionId()).isNull();
    assertThat(refused.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
    assertThat(guards.institutions().tracked()).as("no breaker is even created for the institution").isZero();
    assertThat(guards.snapshot().bulkhead()).isEqualTo(new Bulkhead.Snapshot(0, 4, 0));
    assertThat(guards.snapshot().circuit().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void anOpenInstitutionBreakerLeavesTheProvidersCountAlone() throws Exception {
    create(4);
    openFerrous();
    for (int i = 0; i < THRESHOLD - 1; i++) {
      guards.admit(elsewhere()).complete(failure(Kind.UNAVAILABLE, 503)).await(5, TimeUnit.SECONDS);
    }

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(refused.error().institutionId()).isEqualTo("ferrous");
    assertThat(refused.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
    assertThat(provider.snapshot().consecutiveFailures()).as("the provider's count was not reset").isEqualTo(THRESHOLD - 1);
    assertThat(providerLibrary.failureCount()).isEqualTo(THRESHOLD - 1);
    assertThat(provider.snapshot().rejectedCalls()).isZero();
    assertThat(guards.snapshot().bulkhead()).isEqualTo(new Bulkhead.Snapshot(0, 4, 0));
  }

  @Test
  void anOpenInstitutionBreakerLeavesTheProvidersHalfOpenProbeToTheNextCall() throws Exception {
    create(4);
    openProvider();
    awaitState(provider, CircuitBreakerState.HALF_OPEN);
    openFerrous();

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(provider.snapshot().state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
    guards.admit(elsewhere()).complete(null).await(5, TimeUnit.SECONDS);
    assertThat(provider.snapshot().state()).as("the next call was the probe").isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void aFullBulkheadRefusesWithoutTakingEitherBreakersProbe() throws Exception {
    create(1);
    openProvider();
    openFerrous();
    awaitState(provider, CircuitBreakerState.HALF_OPEN);
    awaitState(guards.institutions().get("ferrous"), CircuitBreakerState.HALF_OPEN);
    Bulkhead.Snapshot before = guards.snapshot().bulkhead();
    // Someone else holds the only slot (taken directly, as the bulkhead is the last guard asked).
    assertThat(bulkhead.tryAcquire()).isTrue();

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.retryAfter()).contains(Duration.ZERO);
    assertThat(guards.snapshot().bulkhead().rejectedCalls()).isEqualTo(before.rejectedCalls() + 1);
    bulkhead.release();
    CallPermits probes = guards.admit(atFerrous());
    assertThat(guards.snapshot().bulkhead().inFlight()).isEqualTo(1);
    probes.complete(null).await(5, TimeUnit.SECONDS);
    assertThat(provider.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(guards.institutions().get("ferrous").snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void aProbeTheLibraryAlreadyGaveAwayIsARefusalThatReleasesTheBulkhead() throws Exception {
    create(4);
    openProvider();
    awaitState(provider, CircuitBreakerState.HALF_OPEN);
    // A caller that bypassed the guards took the library's only probe: the race the guards cannot see.
    providerLibrary.execute(() -> Promise.promise().future());

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.retryAfter()).contains(Duration.ZERO);
    assertThat(guards.snapshot().bulkhead().inFlight()).isZero();
    assertThat(guards.institutions().get("ferrous").snapshot())
        .as("the institution breaker was not entered").satisfies(s -> {
          assertThat(s.state()).isEqualTo(CircuitBreakerState.CLOSED);
          assertThat(s.rejectedCalls()).isZero();
        });
    assertThat(provider.snapshot().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void anInstitutionProbeTheLibraryAlreadyGaveAwayLeavesTheProviderBreakerUntouched() throws Exception {
    create(4);
    openFerrous();
    for (int i = 0; i < 2; i++) {
      guards.admit(elsewhere()).complete(failure(Kind.TIMEOUT, 0)).await(5, TimeUnit.SECONDS);
    }
    BreakerGuard ferrous = guards.institutions().get("ferrous");
    awaitState(ferrous, CircuitBreakerState.HALF_OPEN);
    ferrousLibrary.execute(() -> Promise.promise().future());

    ProviderFailure refused = refusal(atFerrous());

    assertThat(refused.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(refused.retryAfter()).contains(Duration.ZERO);
    assertThat(guards.snapshot().bulkhead().inFlight()).isZero();
    assertThat(provider.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(provider.snapshot().consecutiveFailures()).as("neither a success nor a failure").isEqualTo(2);
    assertThat(providerLibrary.failureCount()).isEqualTo(2);
    guards.admit(elsewhere()).complete(failure(Kind.TIMEOUT, 0)).await(5, TimeUnit.SECONDS);
    assertThat(providerLibrary.failureCount()).as("and later outcomes count on from there").isEqualTo(3);
  }

  @Test
  void aProviderProbeTakenForACallTheInstitutionThenRefusesIsNotLeaked() throws Exception {
    create(4);
    openFerrous();
    openProvider();
    BreakerGuard ferrous = guards.institutions().get("ferrous");
    awaitState(ferrous, CircuitBreakerState.HALF_OPEN);
    awaitState(provider, CircuitBreakerState.HALF_OPEN);
    ferrousLibrary.execute(() -> Promise.promise().future());

    refusal(atFerrous());

    assertThat(provider.snapshot().state()).as("the provider's probe never went upstream: it opens again, and"
        + " probes after another open period instead of staying half-open for good").isEqualTo(CircuitBreakerState.OPEN);
    awaitState(provider, CircuitBreakerState.HALF_OPEN);
    guards.admit(elsewhere()).complete(null).await(5, TimeUnit.SECONDS);
    assertThat(provider.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void everyPermitIsReturnedExactlyOnce() throws Exception {
    create(2);
    CallPermits permits = guards.admit(atFerrous());

    permits.complete(failure(Kind.UNAVAILABLE, 503)).await(5, TimeUnit.SECONDS);
    permits.complete(failure(Kind.UNAVAILABLE, 503)).await(5, TimeUnit.SECONDS);
    permits.complete(null).await(5, TimeUnit.SECONDS);

    assertThat(guards.snapshot().bulkhead().inFlight()).isZero();
    assertThat(provider.snapshot().consecutiveFailures()).isEqualTo(1);
    assertThat(providerLibrary.failureCount()).isEqualTo(1);
  }

  @Test
  void theProviderBlamingTheBankCountsForTheInstitutionAndAsProofOfLifeForTheProvider() throws Exception {
    create(4);
    guards.admit(elsewhere()).complete(failure(Kind.TIMEOUT, 0)).await(5, TimeUnit.SECONDS);

    guards.admit(atFerrous()).complete(failure(Kind.INSTITUTION_UNAVAILABLE, 424)).await(5, TimeUnit.SECONDS);
    BreakerGuard ferrous = guards.institutions().get("ferrous");
    assertThat(ferrous.snapshot().consecutiveFailures()).isEqualTo(1);
    assertThat(provider.snapshot().consecutiveFailures()).as("an answer: the provider is up").isZero();

    guards.admit(atFerrous()).complete(failure(Kind.TIMEOUT, 0)).await(5, TimeUnit.SECONDS);
    assertThat(provider.snapshot().consecutiveFailures()).isEqualTo(1);
    assertThat(ferrous.snapshot().consecutiveFailures())
        .as("a provider timeout does not blame the bank: a success for its breaker").isZero();
  }

  // ----------------------------------------------------------------- helpers

  private static CircuitBreaker library(String name) {
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions().setMaxFailures(THRESHOLD)
        .setResetTimeout(OPEN_FOR.toMillis()).setTimeout(-1)
        .setFailuresRollingWindow(BreakerGuard.FAILURES_WINDOW.toMillis()));
  }

  private void openProvider() throws Exception {
    for (int i = 0; i < THRESHOLD; i++) {
      guards.admit(elsewhere()).complete(failure(Kind.UNAVAILABLE, 503)).await(5, TimeUnit.SECONDS);
    }
    assertThat(provider.snapshot().state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  private void openFerrous() throws Exception {
    BreakerGuard ferrous = guards.institutions().get("ferrous");
    for (int i = 0; i < THRESHOLD; i++) {
      end(enter(ferrous), failure(Kind.INSTITUTION_UNAVAILABLE, 424));
    }
    assertThat(ferrous.snapshot().state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  private ProviderFailure refusal(UpstreamCall call) {
    ProviderFailure refused = catchThrowableOfType(ProviderFailure.class, () -> guards.admit(call));
    assertThat(refused).as("the guards refuse the call").isNotNull();
    assertThat(refused.retryAfter()).isPresent();
    return refused;
  }

  private static UpstreamCall atFerrous() {
    return UpstreamCall.write(PROVIDER, "ferrous", "initiateAccountRequest");
  }

  private static UpstreamCall elsewhere() {
    return UpstreamCall.write(PROVIDER, null, "initiateAccountRequest");
  }
}
