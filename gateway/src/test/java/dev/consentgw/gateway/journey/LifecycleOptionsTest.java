package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.TestDefaults;
import dev.consentgw.gateway.security.RateLimitOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle section: shipped defaults are valid, every bound is checked, rates are per provider. */
class LifecycleOptionsTest {

  private static final RateLimitOptions RATE = new RateLimitOptions(2, 5);

  @Test
  void theShippedDefaultsAreValidAndNameBothProviders() {
    LifecycleOptions shipped = TestDefaults.config().lifecycle();

    assertThat(shipped.problems("lifecycle")).isEmpty();
    assertThat(shipped.rateFor("wych")).isEqualTo(new RateLimitOptions(1, 5));
    assertThat(shipped.rateFor("yapily")).isEqualTo(new RateLimitOptions(2, 10));
    assertThat(shipped.rateFor("other")).isEqualTo(shipped.defaultRate());
    assertThat(shipped.awaitingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(shipped.authorizedInterval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void zeroIsAllowedOnlyWhereItMeansNone() {
    LifecycleOptions zeros = new LifecycleOptions(true, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ZERO,
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ZERO, RATE, null);

    assertThat(zeros.problems("lifecycle")).isEmpty();
    assertThat(zeros.providerRates()).isEmpty();
  }

  @Test
  void everyBadValueIsNamed() {
    LifecycleOptions bad = new LifecycleOptions(true, Duration.ZERO, 0, Duration.ZERO, Duration.ofSeconds(-1),
        Duration.ZERO, null, Duration.ofSeconds(-1), Duration.ofSeconds(-1), Duration.ZERO, Duration.ofSeconds(-1),
        null, Map.of("wych", new RateLimitOptions(0, 0)));

    assertThat(bad.problems("lifecycle")).containsExactly(
        "lifecycle.tickInterval must be positive",
        "lifecycle.batchSize must be at least 1",
        "lifecycle.lease must be positive",
        "lifecycle.jitter must not be negative",
        "lifecycle.awaitingInterval must be positive",
        "lifecycle.authorizedInterval must be positive",
        "lifecycle.deadlineWindow must not be negative",
        "lifecycle.deadlineInterval must be positive",
        "lifecycle.retryInterval must be positive",
        "lifecycle.abandonedGrace must not be negative",
        "lifecycle.defaultRate is required",
        "lifecycle.providerRates.wych.requestsPerSecond must be positive",
        "lifecycle.providerRates.wych.burst must be at least 1");
    LifecycleOptions nulls = new LifecycleOptions(true, null, 1, null, null, null, Duration.ofSeconds(1), null,
        null, null, null, new RateLimitOptions(0, 1), Map.of());
    assertThat(nulls.problems("x")).containsExactly("x.tickInterval must be positive", "x.lease must be positive",
        "x.jitter must not be negative", "x.awaitingInterval must be positive",
        "x.deadlineWindow must not be negative", "x.deadlineInterval must be positive",
        "x.retryInterval must be positive", "x.abandonedGrace must not be negative",
        "x.defaultRate.requestsPerSecond must be positive");
  }
}
