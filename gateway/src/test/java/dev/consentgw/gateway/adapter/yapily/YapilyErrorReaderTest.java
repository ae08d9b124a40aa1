package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** On a data read with the consent header, 401 and 403 say the consent ended; elsewhere they do not. */
class YapilyErrorReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} on a consent read {1}, body {2} -> {3}")
  @CsvSource(nullValues = "NULL", delimiter = '|', value = {
      "403 | true  | {\"error\":{\"code\":403,\"status\":\"FORBIDDEN\"}}             | CONSENT_INACTIVE",
      "401 | true  | {}                                                              | CONSENT_INACTIVE",
      "403 | false | {\"error\":{\"code\":403}}                                      | NULL",
      "401 | false | {}                                                              | NULL",
      "403 | true  | {\"error\":{\"code\":403,\"source\":\"INSTITUTION\"}}           | INSTITUTION_UNAVAILABLE",
      "424 | true  | {\"error\":{\"code\":424,\"institutionError\":{}}}              | INSTITUTION_UNAVAILABLE",
      "404 | true  | {\"error\":{\"code\":404}}                                      | NULL"})
  void readsWhatTheAnswerMeans(int status, boolean onConsent, String body, Kind expected) throws Exception {
    UpstreamCall call = onConsent ? UpstreamCall.consentRead("yapily", "bank", "getAccounts")
        : UpstreamCall.read("yapily", "getInstitutions");

    assertThat(new YapilyErrorReader().read(call, status, JSON.readTree(body)).kind()).isEqualTo(expected);
  }
}
