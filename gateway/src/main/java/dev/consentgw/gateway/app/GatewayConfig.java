package dev.consentgw.gateway.app;

import dev.consentgw.gateway.observability.LoggingOptions;
import dev.consentgw.gateway.observability.MetricsOptions;
import dev.consentgw.gateway.observability.TracingOptions;
import dev.consentgw.gateway.adapter.wych.WychOptions;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.catalogue.CatalogueOptions;
import dev.consentgw.gateway.events.EventsOptions;
import dev.consentgw.gateway.events.WebhookEndpoint;
import dev.consentgw.gateway.http.ServerLimits;
import dev.consentgw.gateway.journey.JourneyOptions;
import dev.consentgw.gateway.journey.LifecycleOptions;
import dev.consentgw.gateway.resilience.ResilienceOptions;
import dev.consentgw.gateway.security.RateLimitOptions;
import dev.consentgw.gateway.store.StoreOptions;

import java.time.Duration;
import java.util.List;

/**
 * The gateway's typed configuration: one section per component, each bound straight onto that
 * component's own options record (which also checks its values). Defaults live in one place,
 * {@code gateway-defaults.yaml} (documented there); {@link ConfigLoader} merges the operator's file
 * over it and binds the result here. Secrets are redacted from every {@code toString()}.
 */
public record GatewayConfig(
    Server server,
    Sandbox sandbox,
    Http http,
    ResilienceOptions resilience,
    CatalogueOptions catalogue,
    JourneyOptions journeys,
    LifecycleOptions lifecycle,
    Security security,
    StoreOptions store,
    Providers providers,
    List<TenantEntry> tenants,
    EventsOptions events,
    List<WebhookEndpoint> webhooks,
    MetricsOptions metrics,
    TracingOptions tracing,
    LoggingOptions logging) {

  /** @param eventLoops listeners, one per event loop, sharing the port; 0 = one per available core */
  public record Server(String host, int port, String publicBaseUrl, long bodyLimitBytes, Duration drainPeriod,
      int eventLoops, ServerLimits limits) {

    /** {@link #eventLoops} with 0 resolved against this machine. */
    public int eventLoopCount() {
      return eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
    }
  }

  /**
   * @param webhookTenant the tenant whose events go to the sandbox's own webhook receiver (when
   *     configured); {@code webhookSecret} is that endpoint's public, sandbox-only secret
   */
  public record Sandbox(boolean enabled, int catalogueSize, String demoApiKey, String webhookTenant,
      String webhookSecret) {
    @Override
    public String toString() {
      return "Sandbox[enabled=" + enabled + ", catalogueSize=" + catalogueSize + ", webhookTenant=" + webhookTenant + "]";
    }
  }

  public record Http(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout, int maxPoolSize) {
  }

  public record Security(String tokenEncryptionKey, RateLimitOptions rateLimit, String journeyBindingKey) {
    @Override
    public String toString() {
      return "Security[tokenEncryptionKey=" + (tokenEncryptionKey.isEmpty() ? "<random per process>" : "<set>")
          + ", rateLimit=" + rateLimit
          + ", journeyBindingKey=" + (journeyBindingKey.isEmpty() ? "<derived from tokenEncryptionKey>" : "<set>") + "]";
    }
  }

  /** Each provider's own options record, bound as it is. */
  public record Providers(WychOptions wych, YapilyOptions yapily) {
  }

  public record TenantEntry(String id, String name, List<String> apiKeySha256, List<String> redirectUrls,
      List<String> providers) {
  }
}
