package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.gateway.provider.Environment;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the Wych adapter reaches Wych (or the sandbox simulator) and as whom.
 *
 * @param apiBaseUrl the API server including its version, e.g. {@code https://api.wych.io/v3}
 * @param tokenUrl the full URL of the OIDC token endpoint; it ends in {@code /token}
 * @param apiKey the app's API key (a secret)
 * @param clientSecret the app's client secret (a secret)
 * @param partnerId the partner's id (a UUID)
 * @param appId the app's id (a UUID)
 * @param environment what the catalogue reports for Wych's data holders: LIVE for real Wych,
 *     SANDBOX for the simulator
 * @param tokenRefreshMargin how long before expiry a cached token is replaced; null for
 *     {@link #DEFAULT_TOKEN_REFRESH_MARGIN}
 * @param userEmailDomain the domain of the pseudonymous emails the adapter registers users under;
 *     null for {@link #DEFAULT_USER_EMAIL_DOMAIN}
 * @param requestTimeout the timeout of each HTTP request to Wych; null for
 *     {@link #DEFAULT_REQUEST_TIMEOUT}
 * @param tokenFailurePause how long a failed token request is remembered: callers in that time
 *     are refused at once (503 with Retry-After) instead of asking the token endpoint again; null
 *     or zero remembers nothing
 */
public record WychOptions(
    String apiBaseUrl,
    String tokenUrl,
    String apiKey,
    String clientId,
    String clientSecret,
    String partnerId,
    String appId,
    Environment environment,
    Duration tokenRefreshMargin,
    String userEmailDomain,
    Duration requestTimeout,
    Duration tokenFailurePause) {

  public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofSeconds(60);
  /** {@code .invalid} is reserved (RFC 2606): mail to these addresses can never be delivered. */
  public static final String DEFAULT_USER_EMAIL_DOMAIN = "users.consent-gateway.invalid";
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final String TOKEN_PATH = "/token";

  public WychOptions {
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(environment, "environment");
    apiBaseUrl = absoluteUrl("apiBaseUrl", apiBaseUrl).replaceAll("/+$", "");
    tokenUrl = absoluteUrl("tokenUrl", tokenUrl);
    // The generated client appends the operation path /token to its base URL.
    if (!tokenUrl.endsWith(TOKEN_PATH)) {
      throw new IllegalArgumentException("tokenUrl must end with " + TOKEN_PATH + ": " + tokenUrl);
    }
    uuid("partnerId", partnerId);
    uuid("appId", appId);
    tokenRefreshMargin = orDefault(tokenRefreshMargin, DEFAULT_TOKEN_REFRESH_MARGIN, "tokenRefreshMargin", true);
    requestTimeout = orDefault(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout", false);
    tokenFailurePause = orDefault(tokenFailurePause, Duration.ZERO, "tokenFailurePause", true);
    userEmailDomain = userEmailDomain == null || userEmailDomain.isBlank() ? DEFAULT_USER_EMAIL_DOMAIN : userEmailDomain;
  }

  /** Options that remember no failed token request. */
  public WychOptions(String apiBaseUrl, String tokenUrl, String apiKey, String clientId, String clientSecret,
      String partnerId, String appId, Environment environment, Duration tokenRefreshMargin, String userEmailDomain,
      Duration requestTimeout) {
    this(apiBaseUrl, tokenUrl, apiKey, clientId, clientSecret, partnerId, appId, environment, tokenRefreshMargin,
        userEmailDomain, requestTimeout, null);
  }

  /** Options with the default request timeout. */
  public WychOptions(String apiBaseUrl, String tokenUrl, String apiKey, String clientId, String clientSecret,
      String partnerId, String appId, Environment environment, Duration tokenRefreshMargin, String userEmailDomain) {
    this(apiBaseUrl, tokenUrl, apiKey, clientId, clientSecret, partnerId, appId, environment, tokenRefreshMargin,
        userEmailDomain, null);
  }

  /** The base URL the generated client's {@code requestToken} operation path is appended to. */
  String tokenServerBaseUrl() {
    return tokenUrl.substring(0, tokenUrl.length() - TOKEN_PATH.length());
  }

  UUID partnerUuid() {
    return UUID.fromString(partnerId);
  }

  UUID appUuid() {
    return UUID.fromString(appId);
  }

  @Override
  public String toString() {
    return "WychOptions[apiBaseUrl=" + apiBaseUrl + ", tokenUrl=" + tokenUrl + ", apiKey=***, clientId=" + clientId
        + ", clientSecret=***, partnerId=" + partnerId + ", appId=" + appId + ", environment=" + environment
        + ", tokenRefreshMargin=" + tokenRefreshMargin + ", userEmailDomain=" + userEmailDomain
        + ", requestTimeout=" + requestTimeout + ", tokenFailurePause=" + tokenFailurePause + "]";
  }

  private static String absoluteUrl(String name, String value) {
    URI uri = URI.create(value);
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL: " + value);
    }
    return value;
  }

  private static void uuid(String name, String value) {
    Objects.requireNonNull(value, name);
    try {
      UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a UUID: " + value, e);
    }
  }

  private static Duration orDefault(Duration value, Duration fallback, String name, boolean zeroAllowed) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero() && !zeroAllowed) {
      throw new IllegalArgumentException(name + " is out of range: " + value);
    }
    return value;
  }
}
