package dev.consentgw.gateway.sandbox.yapily;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Yapily simulator behaves.
 *
 * @param applicationId the application id it accepts (HTTP basic username)
 * @param applicationSecret the application secret it accepts (HTTP basic password); never printed
 * @param consentLifetime how long an authorised consent lasts unless the request asked for less
 *     (Yapily: 90 days in the UK)
 * @param extraInstitutions how many generated fictitious institutions to add to the fixed ones, for
 *     load tests; deterministic
 */
public record YapilySimulatorOptions(
    String applicationId,
    String applicationSecret,
    Duration consentLifetime,
    int extraInstitutions) {

  public YapilySimulatorOptions {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(applicationSecret, "applicationSecret");
    Objects.requireNonNull(consentLifetime, "consentLifetime");
    if (consentLifetime.isNegative() || consentLifetime.isZero()) {
      throw new IllegalArgumentException("consentLifetime must be positive");
    }
    if (extraInstitutions < 0) {
      throw new IllegalArgumentException("extraInstitutions must not be negative");
    }
  }

  @Override
  public String toString() {
    return "YapilySimulatorOptions[applicationId=" + applicationId + ", applicationSecret=***, consentLifetime="
        + consentLifetime + ", extraInstitutions=" + extraInstitutions + "]";
  }
}
