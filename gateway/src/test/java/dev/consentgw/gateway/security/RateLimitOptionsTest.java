package dev.consentgw.gateway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit settings refused at start-up, at their edges. */
class RateLimitOptionsTest {

  @Test
  void theSmallestSensibleBucketIsAccepted() {
    assertThat(new RateLimitOptions(0.001, 1).problems("security.rateLimit")).isEmpty();
  }

  @Test
  void aBucketThatNeverRefillsOrHoldsNothingIsRefused() {
    assertThat(new RateLimitOptions(0, 0).problems("security.rateLimit")).containsExactly(
        "security.rateLimit.requestsPerSecond must be positive", "security.rateLimit.burst must be at least 1");
    assertThat(new RateLimitOptions(Double.NaN, 1).problems("security.rateLimit"))
        .containsExactly("security.rateLimit.requestsPerSecond must be positive");
    assertThat(new RateLimitOptions(-1, -1).problems("x")).hasSize(2);
  }
}
