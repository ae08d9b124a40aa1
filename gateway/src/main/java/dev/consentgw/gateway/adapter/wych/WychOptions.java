package dev.consentgw.gateway.adapter.wych;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How the Wych adapter reaches Wych and as whom: the {@code providers.wych} section of the
 * configuration, bound as it is. Defaults live in {@code gateway-defaults.yaml}; {@link #problems}
 * is the one place its values are checked.
 *
 * @param apiBaseUrl the API server including its version, e.g. {@code https://api.wych.io/v3};
 *     empty: the embedded simulator
 * @param tokenUrl the full URL of the OIDC token endpoint; it ends in {@code /token}
 * @param apiKey the app's API key (a secret)
 * @param clientSecret the app's client secret (a secret)
 * @param partnerId the partner's id (a UUID)
 * @param appId the app's id (a UUID)
 * @param userEmailDomain the domain of the pseudonymous emails users are registered under
 * @param tokenRefreshMargin how long before expiry a cached token is replaced
 * @param tokenFailurePause how long a failed token request is remembered: callers in that time
 *     are refused at once (503 with Retry-After) instead of asking the token endpoint again; zero
 *     remembers nothing
 * @param dataBaseUrl where the Customer Data operations live, whose paths Wych does not publish
 *     (see {@code openapi/wych.yaml}); empty: {@code apiBaseUrl}
 */
public record WychOptions(
    boolean enabled,
    String apiBaseUrl,
    String tokenUrl,
    String apiKey,
    String clientId,
    String clientSecret,
    String partnerId,
    String appId,
    String userEmailDomain,
    Duration tokenRefreshMargin,
    Duration tokenFailurePause,
    String dataBaseUrl) {

  private static final String TOKEN_PATH = "/token";

  public WychOptions {
    apiBaseUrl = apiBaseUrl == null ? "" : apiBaseUrl.replaceAll("/+$", "");
    dataBaseUrl = dataBaseUrl == null ? "" : dataBaseUrl.replaceAll("/+$", "");
  }

  /** The base URL of the Customer Data operations: {@code dataBaseUrl}, else {@code apiBaseUrl}. */
  public String effectiveDataBaseUrl() {
    return dataBaseUrl.isEmpty() ? apiBaseUrl : dataBaseUrl;
  }

  /** No base URL configured: the embedded simulator is used. */
  public boolean usesSandbox() {
    return apiBaseUrl.isEmpty();
  }

  /** These options pointed at another Wych (the embedded simulator) with that Wych's credentials. */
  public WychOptions toward(String newApiBaseUrl, String newTokenUrl, String newApiKey, String newClientId,
      String newClientSecret, String newPartnerId, String newAppId) {
    return new WychOptions(enabled, newApiBaseUrl, newTokenUrl, newApiKey, newClientId, newClientSecret, newPartnerId,
        newAppId, userEmailDomain, tokenRefreshMargin, tokenFailurePause, "");
  }

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (tokenRefreshMargin == null || tokenRefreshMargin.isNegative()) {
      problems.add(at + ".tokenRefreshMargin must not be negative");
    }
    if (tokenFailurePause == null || tokenFailurePause.isNegative()) {
      problems.add(at + ".tokenFailurePause must not be negative");
    }
    if (userEmailDomain == null || userEmailDomain.isBlank()) {
      problems.add(at + ".userEmailDomain is required");
    }
    if (!enabled || usesSandbox()) {
      return problems;
    }
    if (!isHttpUrl(apiBaseUrl)) {
      problems.add(at + ".apiBaseUrl must be an absolute http(s) URL");
    }
    if (!dataBaseUrl.isEmpty() && !isHttpUrl(dataBaseUrl)) {
      problems.add(at + ".dataBaseUrl must be empty or an absolute http(s) URL");
    }
    if (!isHttpUrl(tokenUrl) || !tokenUrl.endsWith(TOKEN_PATH)) {
      // The generated client appends the operation path /token to its base URL.
      problems.add(at + ".tokenUrl must be an absolute http(s) URL ending in " + TOKEN_PATH);
    }
    for (String[] secret : new String[][] {{"apiKey", apiKey}, {"clientId", clientId}, {"clientSecret", clientSecret}}) {
      if (secret[1] == null || secret[1].isBlank()) {
        problems.add(at + "." + secret[0] + " is required when a real base URL is configured");
      }
    }
    if (!isUuid(partnerId)) {
      problems.add(at + ".partnerId must be a UUID");
    }
    if (!isUuid(appId)) {
      problems.add(at + ".appId must be a UUID");
    }
    return problems;
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
    return "WychOptions[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", tokenUrl=" + tokenUrl
        + ", clientId=" + clientId + ", partnerId=" + partnerId + ", appId=" + appId + ", userEmailDomain="
        + userEmailDomain + ", tokenRefreshMargin=" + tokenRefreshMargin + ", tokenFailurePause=" + tokenFailurePause
        + ", dataBaseUrl=" + dataBaseUrl
        + ", secrets redacted]";
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = URI.create(value);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static boolean isUuid(String value) {
    try {
      UUID.fromString(value);
      return true;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}
