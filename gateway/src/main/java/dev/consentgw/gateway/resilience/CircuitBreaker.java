package dev.consentgw.gateway.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A circuit breaker over consecutive failures, with explicit states:
 * <ul>
 *   <li>{@code CLOSED}: calls pass; {@code failureThreshold} consecutive failures open it (a success
 *       resets the count; neutral outcomes leave it as it is);</li>
 *   <li>{@code OPEN}: every call is refused at once, until {@code openFor} has passed on the clock;</li>
 *   <li>{@code HALF_OPEN}: exactly one probe call passes; its success closes the breaker, its failure
 *       opens it again, a neutral outcome lets the next call probe.</li>
 * </ul>
 * Every call that passes holds a {@link Permit} that must be completed exactly once; completing it
 * twice is harmless. Outcomes of calls admitted before the breaker last changed state (in flight
 * while it opened) do not move it. Thread-safe; time comes from the injected clock only, so tests
 * move through the open period without waiting.
 */
public final class CircuitBreaker {

  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** What the breaker says to one call: a {@link Permit}, or a {@link Rejection}. */
  public sealed interface Decision permits Permit, Rejection {
  }

  /** The call may not go upstream; the breaker admits calls again after {@code retryAfter}. */
  public record Rejection(Duration retryAfter) implements Decision {
  }

  /** Observes state changes (for the transition log). Called outside the breaker's lock. */
  @FunctionalInterface
  public interface TransitionListener {
    void onTransition(CircuitBreaker breaker, State from, State to, int consecutiveFailures);
  }

  /**
   * The breaker's state as reported on the health endpoints.
   *
   * @param retryAfter while not closed: how long until it admits a call again (zero when it would now)
   */
  public record Snapshot(String name, State state, int consecutiveFailures, long rejectedCalls, long timesOpened,
      Duration retryAfter) {
  }

  private final String name;
  private final int failureThreshold;
  private final Duration openFor;
  private final Clock clock;
  private final TransitionListener listener;

  // Guarded by this.
  private State state = State.CLOSED;
  private long generation;
  private int consecutiveFailures;
  private Instant openedAt;
  private Permit probe;
  private long rejectedCalls;
  private long timesOpened;

  public CircuitBreaker(String name, int failureThreshold, Duration openFor, Clock clock, TransitionListener listener) {
    if (failureThreshold < 1 || openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("failureThreshold must be >= 1 and openFor positive");
    }
    this.name = Objects.requireNonNull(name, "name");
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public String name() {
    return name;
  }

  /** Admits one call (a permit to complete when it ends) or rejects it. */
  public Decision tryAcquire() {
    Transition transition;
    Decision decision;
    synchronized (this) {
      transition = halfOpenIfDue();
      decision = switch (state) {
        case CLOSED -> new Permit(generation);
        case OPEN -> reject(untilHalfOpen());
        case HALF_OPEN -> {
          if (probe != null) {
            yield reject(Duration.ZERO);
          }
          probe = new Permit(generation);
          yield probe;
        }
      };
    }
    fire(transition);
    return decision;
  }

  public Snapshot snapshot() {
    Transition transition;
    Snapshot snapshot;
    synchronized (this) {
      transition = halfOpenIfDue();
      snapshot = new Snapshot(name, state, consecutiveFailures, rejectedCalls, timesOpened,
          state == State.OPEN ? untilHalfOpen() : Duration.ZERO);
    }
    fire(transition);
    return snapshot;
  }

  /** One admitted call; complete it with exactly one of its three methods. */
  public final class Permit implements Decision {

    private final long admittedIn;
    private final AtomicBoolean completed = new AtomicBoolean();

    private Permit(long admittedIn) {
      this.admittedIn = admittedIn;
    }

    /** The call succeeded: it closes a half-open breaker and resets the failure count. */
    public void success() {
      if (completed.compareAndSet(false, true)) {
        complete(this, Outcome.SUCCESS);
      }
    }

    /** The call failed in a way that counts toward opening the breaker. */
    public void failure() {
      if (completed.compareAndSet(false, true)) {
        complete(this, Outcome.FAILURE);
      }
    }

    /** The call ended in a way that says nothing about the upstream's health; only the permit is returned. */
    public void release() {
      if (completed.compareAndSet(false, true)) {
        complete(this, Outcome.NEUTRAL);
      }
    }
  }

  private enum Outcome { SUCCESS, FAILURE, NEUTRAL }

  private record Transition(State from, State to, int consecutiveFailures) {
  }

  private void complete(Permit permit, Outcome outcome) {
    Transition transition = null;
    synchronized (this) {
      if (permit == probe) {
        probe = null;
      }
      if (permit.admittedIn == generation) {
        transition = switch (outcome) {
          case SUCCESS -> {
            consecutiveFailures = 0;
            yield state == State.HALF_OPEN ? moveTo(State.CLOSED) : null;
          }
          case FAILURE -> {
            consecutiveFailures++;
            yield state == State.HALF_OPEN || consecutiveFailures >= failureThreshold ? moveTo(State.OPEN) : null;
          }
          case NEUTRAL -> null;
        };
      }
    }
    fire(transition);
  }

  private Rejection reject(Duration retryAfter) {
    rejectedCalls++;
    return new Rejection(retryAfter);
  }

  private Transition halfOpenIfDue() {
    return state == State.OPEN && untilHalfOpen().isZero() ? moveTo(State.HALF_OPEN) : null;
  }

  private Duration untilHalfOpen() {
    Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private Transition moveTo(State next) {
    Transition transition = new Transition(state, next, consecutiveFailures);
    state = next;
    generation++;
    if (next == State.OPEN) {
      openedAt = clock.instant();
      timesOpened++;
    } else if (next == State.CLOSED) {
      consecutiveFailures = 0;
    }
    return transition;
  }

  private void fire(Transition transition) {
    if (transition != null) {
      listener.onTransition(this, transition.from(), transition.to(), transition.consecutiveFailures());
    }
  }
}
