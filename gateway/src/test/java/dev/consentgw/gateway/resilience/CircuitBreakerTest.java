package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.resilience.CircuitBreaker.Decision;
import dev.consentgw.gateway.resilience.CircuitBreaker.Permit;
import dev.consentgw.gateway.resilience.CircuitBreaker.Rejection;
import dev.consentgw.gateway.resilience.CircuitBreaker.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The state machine, step by step, on a clock the test moves. */
class CircuitBreakerTest {

  private static final int THRESHOLD = 5;
  private static final Duration OPEN_FOR = Duration.ofSeconds(15);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-03T09:00:00Z"));
  private final List<String> transitions = new ArrayList<>();
  private CircuitBreaker breaker;

  @BeforeEach
  void create() {
    breaker = new CircuitBreaker("yapily", THRESHOLD, OPEN_FOR, clock,
        (b, from, to, failures) -> transitions.add(from + ">" + to));
  }

  /**
   * Steps: S a call succeeds, F a call fails, N a call ends neutrally (e.g. a 4xx the client caused),
   * x a call is refused, w the open period passes.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "FFFF        | CLOSED    | ",
      "FFFFF       | OPEN      | CLOSED>OPEN",
      "FFFFSFFFF   | CLOSED    | ",
      "FFNFF       | CLOSED    | ",
      "FFNFFF      | OPEN      | CLOSED>OPEN",
      "FFFFFxxx    | OPEN      | CLOSED>OPEN",
      "FFFFFw      | HALF_OPEN | CLOSED>OPEN OPEN>HALF_OPEN",
      "FFFFFwS     | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwF     | OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN",
      "FFFFFwFx    | OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN",
      "FFFFFwFwS   | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwNS    | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwSFFFF | CLOSED    | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED",
      "FFFFFwSFFFFF| OPEN      | CLOSED>OPEN OPEN>HALF_OPEN HALF_OPEN>CLOSED CLOSED>OPEN"})
  void followsTheStateTable(String steps, State expected, String expectedTransitions) {
    for (char step : steps.trim().toCharArray()) {
      switch (step) {
        case 'S' -> permit().success();
        case 'F' -> permit().failure();
        case 'N' -> permit().release();
        case 'x' -> assertThat(breaker.tryAcquire()).isInstanceOf(Rejection.class);
        case 'w' -> clock.advance(OPEN_FOR);
        default -> throw new IllegalArgumentException("unknown step " + step);
      }
    }

    assertThat(breaker.snapshot().state()).isEqualTo(expected);
    assertThat(String.join(" ", transitions)).isEqualTo(expectedTransitions == null ? "" : expectedTransitions.trim());
  }

  @Test
  void refusesUntilTheOpenPeriodEndsAndSaysHowLongIsLeft() {
    openIt();
    clock.advance(Duration.ofSeconds(10));

    Decision decision = breaker.tryAcquire();

    assertThat(decision).isEqualTo(new Rejection(Duration.ofSeconds(5)));
    CircuitBreaker.Snapshot snapshot = breaker.snapshot();
    assertThat(snapshot.state()).isEqualTo(State.OPEN);
    assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(snapshot.rejectedCalls()).isEqualTo(1);
    assertThat(snapshot.timesOpened()).isEqualTo(1);
  }

  @Test
  void halfOpenLetsExactlyOneProbeThroughUntilItEnds() {
    openIt();
    clock.advance(OPEN_FOR);

    Permit probe = permit();
    Decision second = breaker.tryAcquire();
    Decision third = breaker.tryAcquire();

    assertThat(second).isEqualTo(new Rejection(Duration.ZERO));
    assertThat(third).isEqualTo(new Rejection(Duration.ZERO));
    probe.success();
    assertThat(breaker.snapshot().state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isInstanceOf(Permit.class);
  }

  @Test
  void aNeutralProbeHandsTheProbeToTheNextCall() {
    openIt();
    clock.advance(OPEN_FOR);

    permit().release();

    assertThat(breaker.snapshot().state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isInstanceOf(Permit.class);
  }

  @Test
  void callsAdmittedBeforeTheBreakerChangedStateDoNotMoveIt() {
    List<Permit> inFlight = new ArrayList<>();
    for (int i = 0; i < THRESHOLD + 2; i++) {
      inFlight.add(permit());
    }
    inFlight.subList(0, THRESHOLD).forEach(Permit::failure);
    assertThat(breaker.snapshot().state()).isEqualTo(State.OPEN);

    inFlight.get(THRESHOLD).success();
    clock.advance(OPEN_FOR);
    Permit probe = permit();
    inFlight.get(THRESHOLD + 1).failure();

    assertThat(breaker.snapshot().state()).isEqualTo(State.HALF_OPEN);
    probe.success();
    assertThat(breaker.snapshot().state()).isEqualTo(State.CLOSED);
  }

  @Test
  void completingAPermitAgainChangesNothing() {
    Permit permit = permit();

    permit.failure();
    permit.failure();
    permit.success();

    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void reportsEachTransitionOnceWithTheFailureCount() {
    List<String> seen = new ArrayList<>();
    CircuitBreaker observed = new CircuitBreaker("wych", 2, OPEN_FOR, clock,
        (b, from, to, failures) -> seen.add(b.name() + ":" + from + ">" + to + "@" + failures));

    acquire(observed).failure();
    acquire(observed).failure();
    clock.advance(OPEN_FOR);
    observed.snapshot();
    observed.snapshot();
    acquire(observed).success();

    assertThat(seen).containsExactly("wych:CLOSED>OPEN@2", "wych:OPEN>HALF_OPEN@2", "wych:HALF_OPEN>CLOSED@0");
  }

  private void openIt() {
    for (int i = 0; i < THRESHOLD; i++) {
      permit().failure();
    }
    transitions.clear();
  }

  private Permit permit() {
    return acquire(breaker);
  }

  private static Permit acquire(CircuitBreaker breaker) {
    Decision decision = breaker.tryAcquire();
    assertThat(decision).as("the breaker admits the call").isInstanceOf(Permit.class);
    return (Permit) decision;
  }
}
