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

  /** The sandbox's fixed credentials: fictitious, published, and only ever valid against the simulator. */
  public static final String SANDBOX_APPLICATION_ID = "sandbox-yapily-application";
  public static final String SANDBOX_APPLICATION_SECRET = "sandbox-yapily-application-secret";
  /** UK account-data consents last up to 90 days. */
  public static final Duration DEFAULT_CONSENT_LIFETIME = Duration.ofDays(90);

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

  /** The sandbox's fixed credentials and consent lifetime, with {@code extraInstitutions} generated banks. */
  public static YapilySimulatorOptions sandbox(int extraInstitutions) {
    return new YapilySimulatorOptions(SANDBOX_APPLICATION_ID, SANDBOX_APPLICATION_SECRET, DEFAULT_CONSENT_LIFETIME,
        extraInstitutions);
  }

  @Override
  public String toString() {
    return "YapilySimulatorOptions[applicationId=" + applicationId + ", applicationSecret=***, consentLifetime="
        + consentLifetime + ", extraInstitutions=" + extraInstitutions + "]";
  }
}
