package dev.consentgw.gateway.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of the resilience section at its boundary: the last value refused and the first accepted. */
class ResilienceOptionsTest {

  private static final Duration S = Duration.ofSeconds(1);
  private static final ResilienceOptions.Retries RETRIES = new ResilienceOptions.Retries(1, S, 0.2, 3, S);
  private static final ResilienceOptions.Breaker BREAKER = new ResilienceOptions.Breaker(1, S);
  private static final ResilienceOptions.InstitutionBreaker INSTITUTIONS =
      new ResilienceOptions.InstitutionBreaker(1, S, 1, S);

  @Test
  void theSmallestSensibleSettingsAreAccepted() {
    assertThat(options(S, new ResilienceOptions.Retries(0, Duration.ZERO, 0.0, 0, Duration.ofNanos(1)), 1, BREAKER,
        INSTITUTIONS).problems("r")).isEmpty();
    assertThat(options(Duration.ofNanos(1), new ResilienceOptions.Retries(0, S, 1.0, 0, S), 1, BREAKER, INSTITUTIONS)
        .problems("r")).isEmpty();
  }

  @Test
  void theRequestDeadlineMustBePositive() {
    assertThat(options(Duration.ZERO, RETRIES, 1, BREAKER, INSTITUTIONS).problems("r"))
        .containsExactly("r.requestDeadline must be positive");
    assertThat(options(S.negated(), RETRIES, 1, BREAKER, INSTITUTIONS).problems("r"))
        .containsExactly("r.requestDeadline must be positive");
    assertThat(options(null, RETRIES, 1, BREAKER, INSTITUTIONS).problems("r"))
        .containsExactly("r.requestDeadline must be positive");
  }

  @Test
  void retriesMustNotBeNegative() {
    assertThat(problems(new ResilienceOptions.Retries(-1, S, 0.2, 3, S)))
        .containsExactly("r.retries.maxRetries and budgetMinimum must not be negative");
    assertThat(problems(new ResilienceOptions.Retries(1, S, 0.2, -1, S)))
        .containsExactly("r.retries.maxRetries and budgetMinimum must not be negative");
    assertThat(problems(new ResilienceOptions.Retries(1, Duration.ofMillis(-1), 0.2, 3, S)))
        .containsExactly("r.retries.backoff must not be negative");
    assertThat(problems(new ResilienceOptions.Retries(1, null, 0.2, 3, S)))
        .containsExactly("r.retries.backoff must not be negative");
  }

  @Test
  void theBudgetRatioIsAShareAndTheWindowPositive() {
    assertThat(problems(new ResilienceOptions.Retries(1, S, -0.01, 3, S)))
        .containsExactly("r.retries.budgetRatio must be between 0 and 1");
    assertThat(problems(new ResilienceOptions.Retries(1, S, 1.01, 3, S)))
        .containsExactly("r.retries.budgetRatio must be between 0 and 1");
    assertThat(problems(new ResilienceOptions.Retries(1, S, 0.2, 3, Duration.ZERO)))
        .containsExactly("r.retries.budgetWindow must be positive");
  }

  @Test
  void theBulkheadHoldsAtLeastOneCall() {
    assertThat(options(S, RETRIES, 0, BREAKER, INSTITUTIONS).problems("r"))
        .containsExactly("r.bulkhead.maxConcurrentCalls must be at least 1");
  }

  @Test
  void eachBreakerNeedsAThresholdAndAnOpenPeriod() {
    assertThat(options(S, RETRIES, 1, new ResilienceOptions.Breaker(0, S), INSTITUTIONS).problems("r"))
        .containsExactly("r.providerBreaker needs failureThreshold >= 1 and a positive openFor");
    assertThat(options(S, RETRIES, 1, new ResilienceOptions.Breaker(1, Duration.ZERO), INSTITUTIONS).problems("r"))
        .containsExactly("r.providerBreaker needs failureThreshold >= 1 and a positive openFor");
    assertThat(options(S, RETRIES, 1, BREAKER, new ResilienceOptions.InstitutionBreaker(0, S, 1, S)).problems("r"))
        .containsExactly("r.institutionBreaker needs failureThreshold >= 1 and a positive openFor");
    assertThat(options(S, RETRIES, 1, BREAKER, new ResilienceOptions.InstitutionBreaker(1, null, 1, S))
        .problems("r")).containsExactly("r.institutionBreaker needs failureThreshold >= 1 and a positive openFor");
  }

  @Test
  void theInstitutionRegistryIsBounded() {
    assertThat(options(S, RETRIES, 1, BREAKER, new ResilienceOptions.InstitutionBreaker(1, S, 0, S)).problems("r"))
        .containsExactly("r.institutionBreaker.maxTracked must be at least 1");
    assertThat(options(S, RETRIES, 1, BREAKER, new ResilienceOptions.InstitutionBreaker(1, S, 1, Duration.ZERO))
        .problems("r")).containsExactly("r.institutionBreaker.idleExpiry must be positive");
  }

  @Test
  void everyProblemIsListedTogether() {
    assertThat(options(Duration.ZERO, new ResilienceOptions.Retries(-1, null, 2, 0, null), 0,
        new ResilienceOptions.Breaker(0, S), new ResilienceOptions.InstitutionBreaker(0, S, 0, null)).problems("r"))
        .hasSize(10);
  }

  private static java.util.List<String> problems(ResilienceOptions.Retries retries) {
    return options(S, retries, 1, BREAKER, INSTITUTIONS).problems("r");
  }

  private static ResilienceOptions options(Duration deadline, ResilienceOptions.Retries retries, int bulkhead,
      ResilienceOptions.Breaker breaker, ResilienceOptions.InstitutionBreaker institutions) {
    return new ResilienceOptions(deadline, retries, new ResilienceOptions.Bulkhead(bulkhead), breaker, institutions);
  }
}
