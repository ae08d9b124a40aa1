package dev.consentgw.gateway.adapter.yapily;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway reaches Yapily.
 *
 * @param baseUrl Yapily's API root, e.g. {@code https://api.yapily.com} or the sandbox simulator's
 *     mount point; a trailing slash is dropped
 * @param applicationId the Yapily application id (HTTP basic username)
 * @param applicationSecret the Yapily application secret (HTTP basic password); never printed
 * @param requestTimeout how long one HTTP request may stay silent before it is abandoned; the
 *     generated client otherwise waits forever, whatever the resilience layer decides
 */
public record YapilyOptions(String baseUrl, String applicationId, String applicationSecret, Duration requestTimeout) {

  /** The per-call timeout of the gateway's resilience defaults. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  public YapilyOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(applicationSecret, "applicationSecret");
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  public YapilyOptions(String baseUrl, String applicationId, String applicationSecret) {
    this(baseUrl, applicationId, applicationSecret, DEFAULT_REQUEST_TIMEOUT);
  }

  @Override
  public String toString() {
    return "YapilyOptions[baseUrl=" + baseUrl + ", applicationId=" + applicationId
        + ", applicationSecret=***, requestTimeout=" + requestTimeout + "]";
  }
}
