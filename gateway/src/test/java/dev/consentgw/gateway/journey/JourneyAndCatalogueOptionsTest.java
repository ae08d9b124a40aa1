package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.catalogue.CatalogueOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The journeys and catalogue sections' rules at their boundaries. */
class JourneyAndCatalogueOptionsTest {

  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void journeyLifetimesMustBePositiveAndTheRefreshIntervalNotNegative() {
    assertThat(new JourneyOptions(Duration.ofNanos(1), Duration.ZERO, Duration.ofNanos(1), 1).problems("j")).isEmpty();
    assertThat(new JourneyOptions(Duration.ZERO, S, S, 1).problems("j")).containsExactly("j.tokenLifetime must be positive");
    assertThat(new JourneyOptions(S.negated(), S, S, 1).problems("j")).containsExactly("j.tokenLifetime must be positive");
    assertThat(new JourneyOptions(null, S, S, 1).problems("j")).containsExactly("j.tokenLifetime must be positive");
    assertThat(new JourneyOptions(S, Duration.ofNanos(-1), S, 1).problems("j"))
        .containsExactly("j.statusRefreshInterval must not be negative");
    assertThat(new JourneyOptions(S, null, S, 1).problems("j"))
        .containsExactly("j.statusRefreshInterval must not be negative");
    assertThat(new JourneyOptions(S, S, Duration.ZERO, 1).problems("j"))
        .containsExactly("j.idempotencyRetention must be positive");
    assertThat(new JourneyOptions(S, S, S, 0).problems("j"))
        .containsExactly("j.maxTransactionsPerRead must be positive");
  }

  @Test
  void theCatalogueIsFreshForSomeTimeAndMayRetryAtOnce() {
    assertThat(new CatalogueOptions(Duration.ofNanos(1), Duration.ZERO).problems("c")).isEmpty();
    assertThat(new CatalogueOptions(Duration.ZERO, S).problems("c")).containsExactly("c.freshFor must be positive");
    assertThat(new CatalogueOptions(S.negated(), S).problems("c")).containsExactly("c.freshFor must be positive");
    assertThat(new CatalogueOptions(null, S).problems("c")).containsExactly("c.freshFor must be positive");
    assertThat(new CatalogueOptions(S, Duration.ofNanos(-1)).problems("c"))
        .containsExactly("c.retryAfterFailure must not be negative");
    assertThat(new CatalogueOptions(S, null).problems("c")).containsExactly("c.retryAfterFailure must not be negative");
  }
}
