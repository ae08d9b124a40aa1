package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries stay within their share of the calls, over a sliding window. */
class RetryBudgetTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-03T09:00:00Z"));

  @ParameterizedTest(name = "ratio {0}, minimum {1}: {2} calls allow {4} of {3} retries")
  @CsvSource({
      "0.2, 0,  10,  5, 2",
      "0.2, 3,  10,  5, 3",
      "0.2, 3, 100, 30, 20",
      "0.2, 0,   4,  1, 0",
      "0.2, 1,   0,  2, 1",
      "0.0, 0, 100,  5, 0",
      "1.0, 0,   4, 10, 4"})
  void allowsRetriesUpToTheRatioOrTheMinimum(double ratio, int minimum, int calls, int attempts, int allowed) {
    RetryBudget budget = new RetryBudget(ratio, minimum, WINDOW, clock);
    for (int i = 0; i < calls; i++) {
      budget.recordCall();
    }

    int granted = 0;
    for (int i = 0; i < attempts; i++) {
      granted += budget.tryRetry() ? 1 : 0;
    }

    assertThat(granted).isEqualTo(allowed);
    assertThat(budget.snapshot()).isEqualTo(new RetryBudget.Snapshot(calls, allowed, attempts - allowed));
  }

  @Test
  void forgetsCallsAndRetriesOnceTheyLeaveTheWindow() {
    RetryBudget budget = new RetryBudget(0.2, 0, WINDOW, clock);
    for (int i = 0; i < 10; i++) {
      budget.recordCall();
    }
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isTrue();
    assertThat(budget.tryRetry()).isFalse();

    clock.advance(WINDOW.dividedBy(2));
    assertThat(budget.tryRetry()).as("half a window later the calls still count, and so do the retries").isFalse();

    clock.advance(WINDOW);
    assertThat(budget.snapshot()).isEqualTo(new RetryBudget.Snapshot(0, 0, 2));
    assertThat(budget.tryRetry()).as("no calls in the window, no minimum").isFalse();
    for (int i = 0; i < 5; i++) {
      budget.recordCall();
    }
    assertThat(budget.tryRetry()).isTrue();
  }

  @Test
  void slidesStepByStep() {
    RetryBudget budget = new RetryBudget(1.0, 0, WINDOW, clock);
    budget.recordCall();
    clock.advance(WINDOW.dividedBy(2));
    budget.recordCall();

    clock.advance(WINDOW.dividedBy(2));
    assertThat(budget.snapshot().calls()).as("the first call left the window, the second did not").isEqualTo(1);
    clock.advance(WINDOW.dividedBy(2));
    assertThat(budget.snapshot().calls()).isZero();
  }

  @Test
  void aClockStartingAtZeroSlidesLikeAnyOther() {
    // A fresh monotonic clock starts near zero, where the window's first steps have never been used.
    MutableClock fresh = new MutableClock(Instant.EPOCH);
    RetryBudget budget = new RetryBudget(1.0, 0, WINDOW, fresh);
    Duration step = WINDOW.dividedBy(RetryBudget.BUCKETS);
    fresh.advance(step.multipliedBy(3));
    budget.recordCall();

    fresh.advance(step.multipliedBy(7));
    assertThat(budget.snapshot().calls()).as("seven steps old: still in the window").isEqualTo(1);
    fresh.advance(step.multipliedBy(3));
    assertThat(budget.snapshot().calls()).isZero();
  }

  @ParameterizedTest(name = "ratio {0}, minimum {1}, window {2} ms")
  @CsvSource({"-0.1, 0, 1000", "1.1, 0, 1000", "0.2, -1, 1000", "0.2, 0, 0", "0.2, 0, -1000"})
  void refusesANonsensicalBudget(double ratio, int minimum, long windowMillis) {
    assertThatThrownBy(() -> new RetryBudget(ratio, minimum, Duration.ofMillis(windowMillis), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsTheEdgesOfASensibleBudget() {
    new RetryBudget(0, 0, Duration.ofMillis(1), clock);
    new RetryBudget(1, 0, Duration.ofMillis(1), clock);
  }
}
