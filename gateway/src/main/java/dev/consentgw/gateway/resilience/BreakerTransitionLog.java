package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.observability.GatewayMetrics;
import io.vertx.circuitbreaker.CircuitBreakerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Where circuit-breaker state changes are observed: one log line each (opening is a warning,
 * probing and recovering are news) and the {@code cgw_breaker_transitions_total} counter.
 */
final class BreakerTransitionLog implements BreakerGuard.Transitions {

  private static final Logger LOG = LoggerFactory.getLogger(BreakerTransitionLog.class);

  private final GatewayMetrics metrics;
  private final String provider;
  private final String scope;

  /** @param scope {@code provider} or {@code institution}: which kind of breaker this log observes */
  BreakerTransitionLog(GatewayMetrics metrics, String provider, String scope) {
    this.metrics = metrics;
    this.provider = provider;
    this.scope = scope;
  }

  @Override
  public void changed(String breaker, CircuitBreakerState from, CircuitBreakerState to, int consecutiveFailures) {
    metrics.breakerTransition(provider, scope, to.name().toLowerCase(Locale.ROOT));
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
