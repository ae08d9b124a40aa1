package dev.consentgw.gateway.observability;

import java.util.function.DoubleSupplier;

/**
 * What the gateway's components report for {@code /metrics}. Components see only this interface:
 * Micrometer stays behind {@link MicrometerGatewayMetrics}, and unit tests use {@link #NONE}. Every
 * label value passed here must come from a bounded set (operation ids, provider ids, configured
 * tenants, fixed outcome names), never from a request's path or an object's id.
 */
public interface GatewayMetrics {

  /** Records nothing. */
  GatewayMetrics NONE = new GatewayMetrics() {
  };

  /**
   * One facade request, when its response ended.
   *
   * @param operation the contract's operationId, or a fixed name for requests outside the facade's operations
   * @param tenant the authenticated tenant's id, or null
   */
  default void facadeRequest(String operation, int status, String tenant, long nanos) {
  }

  /** One attempt of an upstream call that went upstream, or one the guards refused (then {@code nanos} is 0). */
  default void upstreamCall(String provider, String operation, UpstreamOutcome outcome, long nanos) {
  }

  /**
   * A circuit breaker changed state.
   *
   * @param scope {@code provider} or {@code institution}
   * @param to {@code open}, {@code half_open} or {@code closed}
   */
  default void breakerTransition(String provider, String scope, String to) {
  }

  /**
   * Gauges read at each scrape: the provider breaker's state (0 closed, 0.5 half-open, 1 open) and how
   * many of its institution breakers are not closed.
   */
  default void watchBreakers(String provider, DoubleSupplier providerState, DoubleSupplier openInstitutions) {
  }

  /** A consent was created or reached a final or authorised status. */
  default void consentEvent(String provider, ConsentEvent event) {
  }

  /** A provider access token was needed: fetched from the provider, or served from the cache. */
  default void accessToken(String provider, boolean fromCache) {
  }

  /** A request repeated an Idempotency-Key and was answered with the stored response. */
  default void idempotentReplay(String operation) {
  }

  /** A request was refused by its tenant's rate limit (429). */
  default void rateLimited(String operation) {
  }

  /**
   * One store operation.
   *
   * @param store {@code consents} or {@code idempotency}
   */
  default void storeCall(String store, String operation, boolean failed, long nanos) {
  }

  /**
   * One webhook delivery attempt ended.
   *
   * @param outcome {@code delivered}, {@code retry} (failed, tried again later), {@code failed} (schedule
   *     used up) or {@code gone} (410: endpoint disabled)
   */
  default void webhookDelivery(String outcome) {
  }

  /** Gauges read at each scrape: webhook deliveries pending, and the age of the oldest undelivered event (seconds). */
  default void watchWebhookBacklog(DoubleSupplier pending, DoubleSupplier oldestAgeSeconds) {
  }
}
