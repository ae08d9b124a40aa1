package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CDS RevokedConsent error means the consent ended, in code or in meta.urn, in either namespace
 * spelling; other CDS 403s are a refused request; only a 403 without a CDS error is credentials.
 */
class WychErrorReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "NULL", delimiter = '|', value = {
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsent\"}]}              | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"0001\",\"meta\":{\"urn\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsent\"}}]} | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-au:Authorisation:RevokedConsent\"}]}              | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"0001\",\"meta\":{\"urn\":\"urn:au-cds:error:cds-au:Authorisation:RevokedConsent\"}}]} | CONSENT_INACTIVE",
      "401 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsent\"}]}              | CONSENT_INACTIVE",
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/RevokedConsentX\"}]}             | REJECTED",
      "403 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Authorisation/InvalidConsent\"}]}              | REJECTED",
      "403 | {\"errors\":[{\"code\":\"0002\",\"meta\":{\"urn\":\"urn:au-cds:error:cds-all:Authorisation/AdrStatusNotActive\"}}]} | REJECTED",
      "403 | {}                                                                                                 | AUTHENTICATION",
      "400 | {\"errors\":[{\"code\":\"urn:au-cds:error:cds-all:Field/InvalidPageSize\"}]}                  | NULL",
      "403 | {\"error\":\"invalid_token\"}                                                                      | AUTHENTICATION",
      "404 | {}                                                                                                 | NULL"})
  void readsWhatTheAnswerMeans(int status, String body, Kind expected) throws Exception {
    assertThat(new WychErrorReader().read(status, JSON.readTree(body)).kind()).isEqualTo(expected);
  }
}
