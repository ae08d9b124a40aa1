package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.resilience.OutcomeClassifier.Verdict;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One circuit breaker (a provider's or an institution's): a vertx-circuit-breaker instance, and
 * what the gateway needs around it that the library does not offer: a cheap refusal (with the time
 * left until the breaker lets a probe through) decided before anything enters the library, the
 * counters the health endpoints show, and a transition report.
 *
 * <p>The library counts failures in a rolling window; {@link #FAILURES_WINDOW} is long enough that
 * "{@code failureThreshold} failures in the window" means "consecutive failures" in practice (a
 * success resets the count). It moves OPEN → HALF_OPEN on a real Vert.x timer after
 * {@code openFor}; its own call timeout and retries are off, the policy has its own.
 *
 * <p>A call is admitted by entering the library with a {@link Permit} whose outcome the policy
 * {@linkplain Permit#report reports} when the call ends. Locking: the library changes state (and
 * calls the handlers below) holding the monitor of its breaker instance, {@link #monitor()};
 * admissions hold it too, so between the refusal check and entering the library nothing can move.
 */
public final class BreakerGuard {

  /**
   * How long the library remembers a failure. Failures further apart than this do not add up; ten
   * minutes keeps "N failures in the window" equal to "N consecutive failures" for any breaker that
   * matters, while the library's per-second bucket map (sized by the window in seconds) stays small.
   */
  static final Duration FAILURES_WINDOW = Duration.ofMinutes(10);

  /**
   * The breaker's state as the health endpoints show it.
   *
   * @param retryAfter while open: how long until it lets a probe through (zero once that is due)
   */
  public record Snapshot(String name, CircuitBreakerState state, int consecutiveFailures, long rejectedCalls,
      long timesOpened, Duration retryAfter) {

    /** Not closed, or with something counted: worth showing for an institution breaker. */
    boolean noteworthy() {
      return state != CircuitBreakerState.CLOSED || consecutiveFailures > 0 || rejectedCalls > 0 || timesOpened > 0;
    }
  }

  /** Observes state changes (the transition log). Called while the breaker's monitor is held. */
  @FunctionalInterface
  interface Transitions {
    void changed(String breaker, CircuitBreakerState from, CircuitBreakerState to, int consecutiveFailures);
  }

  private final CircuitBreaker breaker;
  private final Duration openFor;
  private final Function<Throwable, Verdict> verdicts;
  private final Transitions transitions;
  private final LongAdder rejectedCalls = new LongAdder();

  // Guarded by monitor().
  private CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private long generation;
  private boolean probeTaken;
  private long openedAtNanos;
  private int consecutiveFailures;
  private long timesOpened;

  /**
   * @param verdicts what an outcome means for this breaker ({@link OutcomeClassifier#forProvider} or
   *     {@link OutcomeClassifier#forInstitution}); the library's failure policy and the counters use it
   */
  static BreakerGuard create(Vertx vertx, String name, ResilienceOptions.Breaker settings,
      Function<Throwable, Verdict> verdicts, Transitions transitions) {
    CircuitBreakerOptions options = new CircuitBreakerOptions()
        .setMaxFailures(settings.failureThreshold())
        .setResetTimeout(Math.max(1, settings.openFor().toMillis()))
        .setFailuresRollingWindow(FAILURES_WINDOW.toMillis())
        // The policy bounds and retries every attempt itself.
        .setTimeout(-1)
        .setMaxRetries(0)
        // No event-bus publication: it would cost each of thousands of breakers a periodic timer.
        .setNotificationAddress(null);
    return new BreakerGuard(CircuitBreaker.create(name, vertx, options), settings.openFor(), verdicts, transitions);
  }

  /** @param breaker a fresh library breaker with this guard's open period as its reset timeout */
  BreakerGuard(CircuitBreaker breaker, Duration openFor, Function<Throwable, Verdict> verdicts,
      Transitions transitions) {
    this.breaker = breaker;
    this.openFor = Objects.requireNonNull(openFor, "openFor");
    this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
    this.transitions = Objects.requireNonNull(transitions, "transitions");
    breaker.failurePolicy(outcome -> verdicts.apply(outcome.cause()) == Verdict.FAILURE)
        .openHandler(v -> moved(CircuitBreakerState.OPEN))
        .halfOpenHandler(v -> moved(CircuitBreakerState.HALF_OPEN))
        .closeHandler(v -> moved(CircuitBreakerState.CLOSED));
  }

  public String name() {
    return breaker.name();
  }

  /** Hold it around {@link #refusal()} and {@link #enter()}: while it is held the library cannot change state. */
  Object monitor() {
    return breaker;
  }

  /**
   * Whether a call may enter now: null if so, else (and counted as a refusal) how long until one
   * may — the rest of the open period, or zero while a half-open probe is out. Hold {@link #monitor()}.
   */
  Duration refusal() {
    return switch (breaker.state()) {
      case CLOSED -> null;
      case HALF_OPEN -> probeTaken ? refuse(Duration.ZERO) : null;
      case OPEN -> refuse(untilHalfOpen());
    };
  }

  /**
   * Enters the library with one call, or null (counted as a refusal) if the library refuses it —
   * which, after {@link #refusal()} said null under the same monitor, only happens when something
   * entered the library bypassing the guards. Hold {@link #monitor()}.
   */
  Permit enter() {
    boolean probe = breaker.state() == CircuitBreakerState.HALF_OPEN;
    Promise<Object> outcome = Promise.promise();
    boolean[] entered = new boolean[1];
    Future<Object> recorded = breaker.execute(() -> {
      entered[0] = true;
      return outcome.future();
    });
    if (!entered[0]) {
      // The library answered OpenCircuitException (its half-open probe is out): refused like any other.
      refuse(Duration.ZERO);
      return null;
    }
    probeTaken |= probe;
    return new Permit(outcome, recorded, generation, probe);
  }

  /** How long until the breaker admits calls again, as it stands (zero when it would now or once the probe ends). */
  Duration retryAfter() {
    synchronized (monitor()) {
      return breaker.state() == CircuitBreakerState.OPEN ? untilHalfOpen() : Duration.ZERO;
    }
  }

  public Snapshot snapshot() {
    synchronized (monitor()) {
      CircuitBreakerState now = breaker.state();
      return new Snapshot(name(), now, consecutiveFailures, rejectedCalls.sum(), timesOpened,
          now == CircuitBreakerState.OPEN ? untilHalfOpen() : Duration.ZERO);
    }
  }

  /**
   * One call inside the library breaker: report its outcome exactly once, or {@link #abandon()} it
   * if it never went upstream.
   */
  final class Permit {

    private final Promise<Object> outcome;
    private final Future<Object> recorded;
    private final long admittedIn;
    private final boolean probe;

    private Permit(Promise<Object> outcome, Future<Object> recorded, long admittedIn, boolean probe) {
      this.outcome = outcome;
      this.recorded = recorded;
      this.admittedIn = admittedIn;
      this.probe = probe;
    }

    /**
     * Hands the call's outcome to the library, which counts it per the {@link OutcomeClassifier}.
     * An outcome of a call admitted before the breaker last changed state (in flight while it
     * opened) is not handed over: it says nothing about the state the breaker is in now.
     *
     * @param failure the call's failure, or null when it succeeded
     * @return completes once the library has counted the outcome (it does so on a later tick)
     */
    Future<Void> report(Throwable failure) {
      synchronized (monitor()) {
        if (admittedIn != generation) {
          return Future.succeededFuture();
        }
        consecutiveFailures = verdicts.apply(failure) == Verdict.FAILURE ? consecutiveFailures + 1 : 0;
      }
      if (failure == null) {
        outcome.complete();
      } else {
        outcome.fail(failure);
      }
      return recorded.<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * The call never went upstream (a later guard refused it): the library is told nothing, so its
     * count stays as it was. Only a probe cannot stay unanswered (the breaker would stay half-open
     * for good); admission never abandons one, but should it, the breaker opens again and probes
     * after another open period. Hold {@link #monitor()}.
     */
    void abandon() {
      if (probe && admittedIn == generation) {
        breaker.open();
      }
    }
  }

  // Called by the library with its monitor held.
  private void moved(CircuitBreakerState to) {
    CircuitBreakerState from = state;
    state = to;
    generation++;
    switch (to) {
      case OPEN -> {
        openedAtNanos = System.nanoTime();
        timesOpened++;
      }
      case HALF_OPEN -> probeTaken = false;
      case CLOSED -> consecutiveFailures = 0;
    }
    transitions.changed(name(), from, to, consecutiveFailures);
  }

  private Duration refuse(Duration retryAfter) {
    rejectedCalls.increment();
    return retryAfter;
  }

  private Duration untilHalfOpen() {
    Duration left = openFor.minusNanos(System.nanoTime() - openedAtNanos);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
