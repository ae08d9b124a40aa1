package dev.consentgw.gateway.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Authorization: Bearer cgw_live_3c9a8b7d6e5f | Authorization: Bearer [REDACTED]",
      "GET /v1/callbacks/yapily?journey=Ab12Cd34Ef56Gh78Ij90Kl&one-time-token=ott-998877 | GET /v1/callbacks/yapily?journey=[REDACTED]&one-time-token=[REDACTED]",
      "grant_type=client_credentials&client_id=app&client_secret=s3cr3t-value | grant_type=client_credentials&client_id=app&client_secret=[REDACTED]",
      "{\"consentToken\":\"eyJhbGciOi.payload.sig\",\"id\":\"c1\"} | {\"consentToken\":\"[REDACTED]\",\"id\":\"c1\"}",
      "Basic YXBwOnNlY3JldA== sent | Basic [REDACTED] sent",
      "nothing secret here | nothing secret here"})
  void masksSecretsByPattern(String input, String expected) {
    assertThat(Redaction.redact(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "upstream said: invalid key wk_test_a1b2c3d4e5 | upstream said: invalid key [REDACTED]"})
  void masksRegisteredSecretsWherever(String input, String expected) {
    Redaction.registerSecret("wk_test_a1b2c3d4e5");

    assertThat(Redaction.redact(input)).isEqualTo(expected);
  }
}
