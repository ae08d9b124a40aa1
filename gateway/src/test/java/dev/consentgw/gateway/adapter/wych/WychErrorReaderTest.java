package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The CDS RevokedConsent error means the consent ended, in code or in meta.urn; other 403s are credentials. */
class WychErrorReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "NULL", delimiter = '|', value = {
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsent\"}]}              | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"0001\",\"meta\":{\"urn\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsent\"}}]} | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/InvalidConsent\"}]}              | AUTHENTICATION",
      "403 | {\"error\":\"invalid_token\"}                                                                      | AUTHENTICATION",
      "404 | {}                                                                                                 | NULL"})
  void readsWhatTheAnswerMeans(int status, String body, Kind expected) throws Exception {
    assertThat(new WychErrorReader().read(status, JSON.readTree(body)).kind()).isEqualTo(expected);
  }
}
