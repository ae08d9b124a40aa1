package dev.consentgw.gateway.resilience;

import io.vertx.circuitbreaker.CircuitBreakerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per circuit-breaker state change: opening is a warning, probing and recovering are news. */
final class BreakerTransitionLog implements BreakerGuard.Transitions {

  private static final Logger LOG = LoggerFactory.getLogger(BreakerTransitionLog.class);

  @Override
  public void changed(String breaker, CircuitBreakerState from, CircuitBreakerState to, int consecutiveFailures) {
    switch (to) {
      case OPEN -> LOG.warn("circuit breaker '{}' changed state from {} to OPEN after {} consecutive failures:"
          + " calls are refused until it lets a probe through", breaker, from, consecutiveFailures);
      case HALF_OPEN -> LOG.info("circuit breaker '{}' changed state from {} to HALF_OPEN: letting one probe call"
          + " through", breaker, from);
      case CLOSED -> LOG.info("circuit breaker '{}' changed state from {} to CLOSED: the probe call succeeded",
          breaker, from);
    }
  }
}
