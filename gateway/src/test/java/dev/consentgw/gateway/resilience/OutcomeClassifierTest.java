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

/** Who an outcome counts against, and whether it is worth a retry. */
class OutcomeClassifierTest {

  @ParameterizedTest(name = "{0} ({1}) -> provider {2}, institution {3}, retry {4}")
  @CsvSource({
      "TIMEOUT,                   0, FAILURE, NEUTRAL, true",
      "UNAVAILABLE,               0, FAILURE, NEUTRAL, true",
      "UNAVAILABLE,             503, FAILURE, NEUTRAL, true",
      "UNAVAILABLE,             200, FAILURE, NEUTRAL, true",
      "UNAVAILABLE,             429, FAILURE, NEUTRAL, false",
      "AUTHENTICATION,          401, FAILURE, NEUTRAL, false",
      "INSTITUTION_UNAVAILABLE, 424, NEUTRAL, FAILURE, false",
      "REJECTED,                400, NEUTRAL, NEUTRAL, false",
      "REJECTED,                403, NEUTRAL, NEUTRAL, false",
      "NOT_FOUND,               404, NEUTRAL, NEUTRAL, false"})
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

  @Test
  void refusedCallsAndTheGatewaysOwnBugsSayNothingAboutTheUpstream() {
    ProviderFailure refused = ProviderFailure.refused(
        new ProviderError(Kind.UNAVAILABLE, "yapily", null, 0, "paused"), Duration.ofSeconds(3));
    IllegalStateException bug = new IllegalStateException("bug");

    for (Throwable failure : new Throwable[] {refused, bug}) {
      assertThat(OutcomeClassifier.forProvider(failure)).isEqualTo(Verdict.NEUTRAL);
      assertThat(OutcomeClassifier.forInstitution(failure)).isEqualTo(Verdict.NEUTRAL);
      assertThat(OutcomeClassifier.retryable(failure)).isFalse();
    }
  }
}
