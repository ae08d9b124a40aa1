package dev.consentgw.gateway.adapter.yapily;

import java.util.ArrayList;
import java.util.List;

/**
 * How the gateway reaches Yapily: the {@code providers.yapily} section of the configuration, bound
 * as it is. Defaults live in {@code gateway-defaults.yaml}; {@link #problems} checks the values.
 *
 * @param baseUrl Yapily's API root, e.g. {@code https://api.yapily.com}; empty: the embedded
 *     simulator; a trailing slash is dropped
 * @param applicationId the Yapily application id (HTTP basic username)
 * @param applicationSecret the Yapily application secret (HTTP basic password); never printed
 */
public record YapilyOptions(boolean enabled, String baseUrl, String applicationId, String applicationSecret) {

  public YapilyOptions {
    baseUrl = baseUrl == null ? "" : baseUrl.replaceAll("/+$", "");
  }

  /** No base URL configured: the embedded simulator is used. */
  public boolean usesSandbox() {
    return baseUrl.isEmpty();
  }

  /** These options pointed at another Yapily (the embedded simulator) with that Yapily's credentials. */
  public YapilyOptions toward(String newBaseUrl, String newApplicationId, String newApplicationSecret) {
    return new YapilyOptions(enabled, newBaseUrl, newApplicationId, newApplicationSecret);
  }

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!enabled || usesSandbox()) {
      return problems;
    }
    if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
      problems.add(at + ".baseUrl must be an absolute http(s) URL");
    }
    if (applicationId == null || applicationId.isBlank()) {
      problems.add(at + ".applicationId is required when a real base URL is configured");
    }
    if (applicationSecret == null || applicationSecret.isBlank()) {
      problems.add(at + ".applicationSecret is required when a real base URL is configured");
    }
    return problems;
  }

  @Override
  public String toString() {
    return "YapilyOptions[enabled=" + enabled + ", baseUrl=" + baseUrl + ", applicationId=" + applicationId
        + ", secret redacted]";
  }
}
