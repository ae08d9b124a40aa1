package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.resilience.CircuitBreaker.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per circuit-breaker state change: opening is a warning, probing and recovering are news. */
final class BreakerTransitionLog implements CircuitBreaker.TransitionListener {

  private static final Logger LOG = LoggerFactory.getLogger(BreakerTransitionLog.class);

  @Override
  public void onTransition(CircuitBreaker breaker, State from, State to, int consecutiveFailures) {
    switch (to) {
      case OPEN -> LOG.warn("circuit breaker '{}' changed state from {} to OPEN after {} consecutive failures:"
          + " calls are refused until it lets a probe through", breaker.name(), from, consecutiveFailures);
      case HALF_OPEN -> LOG.info("circuit breaker '{}' changed state from {} to HALF_OPEN: letting one probe call"
          + " through", breaker.name(), from);
      case CLOSED -> LOG.info("circuit breaker '{}' changed state from {} to CLOSED: the probe call succeeded",
          breaker.name(), from);
    }
  }
}
