package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.journey.JourneyFailure;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.store.StoreUnavailableException;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The error table: every outcome → status and stable code. */
class ProblemMapperTest {

  @ParameterizedTest
  @CsvSource({
      "INVALID_INPUT, 400, validation_failed",
      "INSTITUTION_NOT_FOUND, 422, institution_not_found",
      "INSTITUTION_NOT_CONNECTABLE, 422, institution_not_connectable",
      "PERMISSION_NOT_SUPPORTED, 422, permission_not_supported",
      "REDIRECT_URL_NOT_ALLOWED, 422, redirect_url_not_allowed",
      "PROVIDER_NOT_ENABLED, 422, provider_not_enabled",
      "CONSENT_NOT_FOUND, 404, consent_not_found",
      "IDEMPOTENCY_CONFLICT, 422, idempotency_conflict",
      "IDEMPOTENCY_IN_PROGRESS, 409, idempotency_in_progress",
      "CALLBACK_INVALID, 400, callback_invalid",
      "JOURNEY_NOT_FOUND, 404, journey_not_found",
      "JOURNEY_ALREADY_COMPLETED, 409, journey_already_completed",
      "JOURNEY_EXPIRED, 410, journey_expired",
      "REVOCATION_UNCONFIRMED, 502, revocation_unconfirmed"})
  void journeyFailures(Reason reason, int status, String code) {
    ProblemDocument problem = ProblemMapper.map(new JourneyFailure(reason, "why", "yapily", List.of()), 500, false);

    assertThat(problem.status()).isEqualTo(status);
    assertThat(problem.code()).isEqualTo(code);
    assertThat(problem.detail()).isEqualTo("why");
    assertThat(problem.provider()).isEqualTo("yapily");
  }

  @Test
  void everyJourneyReasonIsMapped() {
    EnumSet.allOf(Reason.class).forEach(r ->
        assertThat(ProblemMapper.map(new JourneyFailure(r, "x"), 500, false).code()).as(r.name())
            .isNotEqualTo("internal_error"));
  }

  @ParameterizedTest
  @CsvSource({
      "TIMEOUT, 504, upstream_timeout",
      "UNAVAILABLE, 502, provider_unavailable",
      "INSTITUTION_UNAVAILABLE, 502, institution_unavailable",
      "AUTHENTICATION, 502, provider_unavailable",
      "REJECTED, 502, provider_error",
      "NOT_FOUND, 502, provider_error"})
  void providerFailuresNameTheProviderAndNeverLeakUpstreamText(Kind kind, int status, String code) {
    ProviderFailure failure = new ProviderFailure(new ProviderError(kind, "wych", "dh-1", 500, "Wych did not answer."));

    ProblemDocument problem = ProblemMapper.map(failure, 500, false);

    assertThat(problem.status()).isEqualTo(status);
    assertThat(problem.code()).isEqualTo(code).isEqualTo(kind.code());
    assertThat(problem.provider()).isEqualTo("wych");
    assertThat(problem.detail()).isEqualTo("Wych did not answer.");
  }

  @ParameterizedTest
  @CsvSource({
      "UNAVAILABLE, 503, provider_unavailable",
      "INSTITUTION_UNAVAILABLE, 503, institution_unavailable"})
  void callsTheGatewayRefusedAre503WithRetryAfter(Kind kind, int status, String code) {
    ProviderFailure refused = ProviderFailure.refused(
        new ProviderError(kind, "yapily", "ferrous", 0, "Calls to yapily are paused."), Duration.ofMillis(14_200));

    ProblemDocument problem = ProblemMapper.map(refused, 500, false);

    assertThat(problem.status()).isEqualTo(status);
    assertThat(problem.code()).isEqualTo(code);
    assertThat(problem.provider()).isEqualTo("yapily");
    assertThat(problem.retryAfterSeconds()).isEqualTo(15);
  }

  @Test
  void failuresOfCallsThatWentUpstreamHaveNoRetryAfter() {
    ProviderFailure failure = new ProviderFailure(new ProviderError(Kind.UNAVAILABLE, "wych", null, 503, "x"));

    assertThat(ProblemMapper.map(failure, 500, false).retryAfterSeconds()).isZero();
  }

  @ParameterizedTest(name = "{0} ms -> Retry-After {1}")
  @CsvSource({"0, 1", "1, 1", "1000, 1", "1001, 2", "15000, 15", "7200000, 3600"})
  void retryAfterIsRoundedUpWithinTheContractsRange(long millis, long seconds) {
    assertThat(ProblemMapper.retryAfterSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource({
      "401, unauthenticated",
      "404, not_found",
      "405, method_not_allowed",
      "413, payload_too_large",
      "415, unsupported_media_type",
      "408, request_timeout",
      "414, uri_too_long",
      "417, expectation_failed",
      "429, rate_limited",
      "431, headers_too_large",
      "505, http_version_not_supported",
      "400, validation_failed",
      "500, internal_error",
      "503, internal_error"})
  void httpFailures(int status, String code) {
    assertThat(ProblemMapper.map(new HttpException(status), status, false).code()).isEqualTo(code);
  }

  @Test
  void validationOnTheCallbackRouteIsCallbackInvalid() {
    assertThat(ProblemMapper.map(new HttpException(400), 400, true).code()).isEqualTo("callback_invalid");
  }

  @Test
  void unexpectedExceptionsBecomeABareInternalError() {
    ProblemDocument problem = ProblemMapper.map(new IllegalStateException("secret=hunter2 at line 3"), 500, false);

    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.code()).isEqualTo("internal_error");
    assertThat(problem.detail()).doesNotContain("hunter2");
  }

  @Test
  void anUnavailableStoreIsA503WithRetryAfterNeverA500() {
    ProblemDocument problem = ProblemMapper.map(
        new StoreUnavailableException("the database is unavailable", Duration.ofMillis(1500), new RuntimeException()),
        500, false);

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.code()).isEqualTo("store_unavailable");
    assertThat(problem.retryAfterSeconds()).isEqualTo(2);
  }
}
