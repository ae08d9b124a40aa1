package dev.consentgw.gateway.app;

import java.time.Duration;
import java.util.List;

/**
 * The gateway's typed configuration. Defaults live in one place, {@code gateway-defaults.yaml}
 * (documented there); {@link ConfigLoader} merges the operator's file over it and binds the result
 * here. Secrets are redacted from every {@code toString()}.
 */
public record GatewayConfig(
    Server server,
    Sandbox sandbox,
    Http http,
    Resilience resilience,
    Catalogue catalogue,
    Journeys journeys,
    Security security,
    Providers providers,
    List<TenantEntry> tenants) {

  public record Server(String host, int port, String publicBaseUrl, long bodyLimitBytes) {
  }

  public record Sandbox(boolean enabled, int catalogueSize, String demoApiKey) {
  }

  public record Http(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout, int maxPoolSize) {
  }

  /** How upstream calls are guarded; the per-call timeout is {@link Http#requestTimeout()}. */
  public record Resilience(Duration requestDeadline, Retries retries, Bulkhead bulkhead, Breaker providerBreaker,
      InstitutionBreaker institutionBreaker) {
  }

  public record Retries(int maxRetries, Duration backoff, double budgetRatio, int budgetMinimum, Duration budgetWindow) {
  }

  public record Bulkhead(int maxConcurrentCalls) {
  }

  public record Breaker(int failureThreshold, Duration openFor) {
  }

  /** A breaker per institution, kept in a registry bounded by {@code maxTracked} and {@code idleExpiry}. */
  public record InstitutionBreaker(int failureThreshold, Duration openFor, int maxTracked, Duration idleExpiry) {
  }

  public record Catalogue(Duration freshFor, Duration retryAfterFailure) {
  }

  public record Journeys(Duration tokenLifetime, Duration statusRefreshInterval, Duration idempotencyRetention) {
  }

  public record Security(String tokenEncryptionKey) {
    @Override
    public String toString() {
      return "Security[tokenEncryptionKey=" + (tokenEncryptionKey.isEmpty() ? "<random per process>" : "<set>") + "]";
    }
  }

  public record Providers(Wych wych, Yapily yapily) {
  }

  public record Wych(boolean enabled, String apiBaseUrl, String tokenUrl, String apiKey, String clientId,
      String clientSecret, String partnerId, String appId, Duration tokenRefreshMargin, Duration tokenFailurePause) {

    /** No base URL configured: the embedded simulator is used. */
    public boolean usesSandbox() {
      return apiBaseUrl.isEmpty();
    }

    @Override
    public String toString() {
      return "Wych[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", tokenUrl=" + tokenUrl + ", clientId="
          + clientId + ", partnerId=" + partnerId + ", appId=" + appId + ", secrets redacted]";
    }
  }

  public record Yapily(boolean enabled, String baseUrl, String applicationId, String applicationSecret) {

    public boolean usesSandbox() {
      return baseUrl.isEmpty();
    }

    @Override
    public String toString() {
      return "Yapily[enabled=" + enabled + ", baseUrl=" + baseUrl + ", applicationId=" + applicationId
          + ", secret redacted]";
    }
  }

  public record TenantEntry(String id, String name, List<String> apiKeySha256, List<String> redirectUrls,
      List<String> providers) {
  }
}
