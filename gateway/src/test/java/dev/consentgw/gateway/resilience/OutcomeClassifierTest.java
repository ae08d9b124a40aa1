package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.OutcomeClassifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who an outcome counts against, and whether it is worth a retry. Every outcome is a success or a
 * failure for each breaker (the library has no third kind): an answer proves the provider is up,
 * and only the provider blaming the bank is the institution's failure.
 */
class OutcomeClassifierTest {

  @ParameterizedTest(name = "{0} ({1}) -> provider {2}, institution {3}, retry {4}")
  @CsvSource({
      "TIMEOUT,                   0, FAILURE, SUCCESS, true",
      "UNAVAILABLE,               0, FAILURE, SUCCESS, true",
      "UNAVAILABLE,             503, FAILURE, SUCCESS, true",
      "UNAVAILABLE,             200, FAILURE, SUCCESS, true",
      "UNAVAILABLE,             429, FAILURE, SUCCESS, false",
      "AUTHENTICATION,          401, FAILURE, SUCCESS, false",
      "INSTITUTION_UNAVAILABLE, 424, SUCCESS, FAILURE, false",
      "REJECTED,                400, SUCCESS, SUCCESS, false",
      "REJECTED,                403, SUCCESS, SUCCESS, false",
      "NOT_FOUND,               404, SUCCESS, SUCCESS, false",
      "CONSENT_INACTIVE,        403, SUCCESS, SUCCESS, false",
      "CONSENT_INACTIVE,        401, SUCCESS, SUCCESS, false"})
  void classifiesEveryKindOfFailure(Kind kind, int status, Verdict provider, Verdict institution, boolean retry) {
    ProviderFailure failure = new ProviderFailure(new ProviderError(kind, "yapily", "bank-1", status, "detail"));

    assertThat(OutcomeClassifier.forProvider(failure)).isEqualTo(provider);
    assertThat(OutcomeClassifier.forInstitution(failure)).isEqualTo(institution);
    assertThat(OutcomeClassifier.retryable(failure)).isEqualTo(retry);
  }

  @Test
  void aSuccessCountsForBoth() {
    assertThat(OutcomeClassifier.forProvider(null)).isEqualTo(Verdict.SUCCESS);
    assertThat(OutcomeClassifier.forInstitution(null)).isEqualTo(Verdict.SUCCESS);
  }

  /**
   * The circuit-breaker library has no neutral outcome: what is no evidence against the upstream
   * (a call refused further down, the gateway's own bug) counts as a success, never as a failure
   * that could open a breaker.
   */
  @Test
  void refusedCallsAndTheGatewaysOwnBugsAreNoEvidenceAgainstTheUpstreamSoTheyCountAsSuccesses() {
    ProviderFailure refused = ProviderFailure.refused(
        new ProviderError(Kind.UNAVAILABLE, "yapily", null, 0, "paused"), Duration.ofSeconds(3));
    IllegalStateException bug = new IllegalStateException("bug");

    for (Throwable failure : new Throwable[] {refused, bug}) {
      assertThat(OutcomeClassifier.forProvider(failure)).isEqualTo(Verdict.SUCCESS);
      assertThat(OutcomeClassifier.forInstitution(failure)).isEqualTo(Verdict.SUCCESS);
      assertThat(OutcomeClassifier.retryable(failure)).isFalse();
    }
  }
}
