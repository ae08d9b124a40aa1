package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One breaker, step by step: the vertx-circuit-breaker state machine as the gateway configures it,
 * with the open period passing on a real (short) timer.
 */
class BreakerGuardTest {

  private static final int THRESHOLD = 5;
  /** Short, so that tests wait for half-open; long enough that refusals right after opening still see it open. */
  private static final Duration SHORT_OPEN_FOR = Duration.ofMillis(400);
  private static final Duration LONG_OPEN_FOR = Duration.ofSeconds(15);

  private static Vertx vertx;

  private final List<String> transitions = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Steps: S a call succeeds, F a call fails, A a call ends in an answer that proves the provider is
   * up although it is an error (a 400: the library has no neutral outcome, so it counts as a
   * success), x a call is refused, w the open period passes.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "FFFF          | CLOSED    | ",
      "FFFFF         | OPEN      | CLOSED>OPEN",
      "FFFFSFFFF     | CLOSED    | ",
      "FFAFF         | CLOSED    | ",
      "FFAFFF        | CLOSED    | ",
      "FFAFFFFF      | OPEN      | CLOSED>OPEN",
      "FFFFFxxx      | OPEN      | CLOSED>OPEN",
      "FFFFFw        | HALF_OPEN | CLOSED>OPEN OPEN>HALF_OPEN",
      "FFFFFwS       | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwF       | OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN",
      "FFFFFwFx      | OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN",
      "FFFFFwFwS     | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwA       | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwSFFFF   | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwSFFFFF  | OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED CLOSED>OPEN"})
  void followsTheStateTable(String steps, CircuitBreakerState expected, String expectedTransitions) throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, SHORT_OPEN_FOR);
    for (char step : steps.trim().toCharArray()) {
      switch (step) {
        case 'S' -> end(enter(breaker), null);
        case 'F' -> end(enter(breaker), failure(Kind.UNAVAILABLE, 503));
        case 'A' -> end(enter(breaker), failure(Kind.REJECTED, 400));
        case 'x' -> assertThat(refusal(breaker)).isNotNull();
        case 'w' -> awaitState(breaker, CircuitBreakerState.HALF_OPEN);
        default -> throw new IllegalArgumentException("unknown step " + step);
      }
    }

    assertThat(breaker.snapshot().state()).isEqualTo(expected);
    assertThat(String.join(" ", transitions)).isEqualTo(expectedTransitions == null ? "" : expectedTransitions.trim());
  }

  @Test
  void refusesUntilTheOpenPeriodEndsAndSaysHowLongIsLeft() throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, LONG_OPEN_FOR);
    long beforeOpening = System.nanoTime();
    open(breaker);

    Duration retryAfter = refusal(breaker);

    Duration elapsed = Duration.ofNanos(System.nanoTime() - beforeOpening);
    assertThat(retryAfter).isBetween(LONG_OPEN_FOR.minus(elapsed), LONG_OPEN_FOR);
    BreakerGuard.Snapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(snapshot.retryAfter()).isLessThanOrEqualTo(retryAfter);
    assertThat(snapshot.rejectedCalls()).isEqualTo(1);
    assertThat(snapshot.timesOpened()).isEqualTo(1);
    assertThat(snapshot.consecutiveFailures()).isEqualTo(THRESHOLD);
    // The remaining time runs down on the real clock, the one the library's reset timer uses.
    await().atMost(5, TimeUnit.SECONDS).until(() -> refusal(breaker).compareTo(LONG_OPEN_FOR.minusMillis(200)) < 0);
  }

  @Test
  void halfOpenLetsExactlyOneProbeThroughUntilItEnds() throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, SHORT_OPEN_FOR);
    open(breaker);
    awaitState(breaker, CircuitBreakerState.HALF_OPEN);

    BreakerGuard.Permit probe = enter(breaker);
    Duration second = refusal(breaker);
    Duration third = refusal(breaker);

    assertThat(second).isEqualTo(Duration.ZERO);
    assertThat(third).isEqualTo(Duration.ZERO);
    assertThat(breaker.snapshot().rejectedCalls()).isEqualTo(2);
    end(probe, null);
    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(refusal(breaker)).isNull();
  }

  @Test
  void aProbeAnsweredWithAClientErrorClosesTheBreakerForTheLibraryHasNoNeutralOutcome() throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, SHORT_OPEN_FOR);
    open(breaker);
    awaitState(breaker, CircuitBreakerState.HALF_OPEN);

    end(enter(breaker), failure(Kind.NOT_FOUND, 404));

    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(breaker.snapshot().consecutiveFailures()).isZero();
  }

  @Test
  void callsAdmittedBeforeTheBreakerChangedStateDoNotMoveIt() throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, SHORT_OPEN_FOR);
    List<BreakerGuard.Permit> inFlight = new ArrayList<>();
    for (int i = 0; i < THRESHOLD + 2; i++) {
      inFlight.add(enter(breaker));
    }
    for (BreakerGuard.Permit permit : inFlight.subList(0, THRESHOLD)) {
      end(permit, failure(Kind.TIMEOUT, 0));
    }
    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.OPEN);

    end(inFlight.get(THRESHOLD), null);
    assertThat(breaker.snapshot().consecutiveFailures()).as("a late success is not counted").isEqualTo(THRESHOLD);
    awaitState(breaker, CircuitBreakerState.HALF_OPEN);
    BreakerGuard.Permit probe = enter(breaker);
    end(inFlight.get(THRESHOLD + 1), failure(Kind.TIMEOUT, 0));

    assertThat(breaker.snapshot().state()).as("a late failure does not re-open it").isEqualTo(CircuitBreakerState.HALF_OPEN);
    end(probe, null);
    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void anOutcomeIsCountedBeforeTheReportCompletes() throws Exception {
    BreakerGuard breaker = breaker("yapily", 1, LONG_OPEN_FOR);

    end(enter(breaker), failure(Kind.UNAVAILABLE, 502));

    assertThat(breaker.snapshot().state()).as("no waiting: the caller's next call sees it").isEqualTo(CircuitBreakerState.OPEN);
  }

  @Test
  void reportsEachTransitionOnceWithTheFailureCount() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    BreakerGuard observed = BreakerGuard.create(vertx, "wych", new ResilienceOptions.Breaker(2, SHORT_OPEN_FOR),
        OutcomeClassifier::forProvider, (name, from, to, failures) -> seen.add(name + ":" + from + ">" + to + "@" + failures));

    end(enter(observed), failure(Kind.UNAVAILABLE, 500));
    end(enter(observed), failure(Kind.UNAVAILABLE, 500));
    awaitState(observed, CircuitBreakerState.HALF_OPEN);
    observed.snapshot();
    observed.snapshot();
    end(enter(observed), null);

    assertThat(seen).containsExactly("wych:CLOSED>OPEN@2", "wych:OPEN>HALF_OPEN@2", "wych:HALF_OPEN>CLOSED@0");
  }

  @Test
  void aFailedProbeCountsOnAndReopens() throws Exception {
    BreakerGuard breaker = breaker("yapily", THRESHOLD, SHORT_OPEN_FOR);
    open(breaker);
    awaitState(breaker, CircuitBreakerState.HALF_OPEN);

    end(enter(breaker), failure(Kind.UNAVAILABLE, 503));

    BreakerGuard.Snapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(snapshot.consecutiveFailures()).isEqualTo(THRESHOLD + 1);
    assertThat(snapshot.timesOpened()).isEqualTo(2);
  }

  @Test
  void theLibrarysFailureWindowMakesItsCountAConsecutiveCount() {
    assertThat(BreakerGuard.FAILURES_WINDOW).isGreaterThanOrEqualTo(Duration.ofMinutes(10))
        .as("the library keeps one map entry per second of it").isLessThanOrEqualTo(Duration.ofHours(1));
  }

  // ----------------------------------------------------------------- helpers

  private BreakerGuard breaker(String name, int threshold, Duration openFor) {
    return BreakerGuard.create(vertx, name, new ResilienceOptions.Breaker(threshold, openFor),
        OutcomeClassifier::forProvider, (breaker, from, to, failures) -> transitions.add(from + ">" + to));
  }

  private void open(BreakerGuard breaker) throws Exception {
    for (int i = 0; i < THRESHOLD; i++) {
      end(enter(breaker), failure(Kind.UNAVAILABLE, 503));
    }
    assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  static Duration refusal(BreakerGuard breaker) {
    synchronized (breaker.monitor()) {
      return breaker.refusal();
    }
  }

  static BreakerGuard.Permit enter(BreakerGuard breaker) {
    synchronized (breaker.monitor()) {
      assertThat(breaker.refusal()).as("the breaker admits the call").isNull();
      BreakerGuard.Permit permit = breaker.enter();
      assertThat(permit).isNotNull();
      return permit;
    }
  }

  static void end(BreakerGuard.Permit permit, Throwable failure) throws Exception {
    permit.report(failure).await(5, TimeUnit.SECONDS);
  }

  static void awaitState(BreakerGuard breaker, CircuitBreakerState state) {
    await().atMost(5, TimeUnit.SECONDS).until(() -> breaker.snapshot().state() == state);
  }

  static ProviderFailure failure(Kind kind, int status) {
    return new ProviderFailure(new ProviderError(kind, "yapily", null, status, "upstream said no"));
  }
}
