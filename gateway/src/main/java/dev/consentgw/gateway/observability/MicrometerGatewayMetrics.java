package dev.consentgw.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@link GatewayMetrics} on a Micrometer registry. Latencies are histograms with fixed buckets
 * (Prometheus {@code _bucket} series), so p99 and error ratios can be computed across nodes.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

  /** Bucket bounds for every latency histogram: 5 ms to 30 s covers a cached read to a deadline. */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
  private static final String NO_TENANT = "none";

  private final MeterRegistry registry;
  private final boolean tenantLabel;
  /**
   * Registering a timer per request (to find the existing one) costs a builder, tags and an id; the
   * label values are bounded (operations x status classes x configured tenants), so the map is too.
   */
  private final Map<FacadeKey, Timer> facadeTimers = new ConcurrentHashMap<>();

  private record FacadeKey(String operation, int statusClass, String tenant) {
  }

  public MicrometerGatewayMetrics(MeterRegistry registry, MetricsOptions options) {
    this.registry = registry;
    this.tenantLabel = options.tenantLabel();
  }

  @Override
  public void facadeRequest(String operation, int status, String tenant, long nanos) {
    String tenantValue = !tenantLabel ? null : tenant == null ? NO_TENANT : tenant;
    facadeTimers.computeIfAbsent(new FacadeKey(operation, status / 100, tenantValue), key -> {
      Tags tags = Tags.of("operation", key.operation(), "status_class", key.statusClass() + "xx");
      return timer("cgw.facade.requests", "Facade requests by operationId and status class",
          key.tenant() == null ? tags : tags.and("tenant", key.tenant()));
    }).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void upstreamCall(String provider, String operation, UpstreamOutcome outcome, long nanos) {
    timer("cgw.upstream.calls", "Upstream call attempts by provider, operation and outcome",
        Tags.of("provider", provider, "operation", operation, "outcome", outcome.label()))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void breakerTransition(String provider, String scope, String to) {
    Counter.builder("cgw.breaker.transitions").description("Circuit breaker state changes")
        .tags("provider", provider, "scope", scope, "to", to).register(registry).increment();
  }

  @Override
  public void watchBreakers(String provider, DoubleSupplier providerState, DoubleSupplier openInstitutions) {
    Gauge.builder("cgw.provider.breaker.state", providerState, DoubleSupplier::getAsDouble)
        .description("Provider circuit breaker: 0 closed, 0.5 half-open, 1 open").tag("provider", provider)
        .strongReference(true).register(registry);
    Gauge.builder("cgw.institution.breakers.open", openInstitutions, DoubleSupplier::getAsDouble)
        .description("Institution circuit breakers not closed (count only: institutions are unbounded)")
        .tag("provider", provider).strongReference(true).register(registry);
  }

  @Override
  public void webhookDelivery(String outcome) {
    Counter.builder("cgw.webhook.deliveries").description("Webhook delivery attempts by outcome")
        .tags("outcome", outcome).register(registry).increment();
  }

  @Override
  public void watchWebhookBacklog(DoubleSupplier pending, DoubleSupplier oldestAgeSeconds) {
    Gauge.builder("cgw.webhook.pending", pending, DoubleSupplier::getAsDouble)
        .description("Webhook deliveries waiting for an attempt or a retry (sampled each events.maintenanceInterval)")
        .strongReference(true).register(registry);
    Gauge.builder("cgw.webhook.oldest.pending.age", oldestAgeSeconds, DoubleSupplier::getAsDouble)
        .description("Age in seconds of the oldest event with an undelivered webhook").baseUnit("seconds")
        .strongReference(true).register(registry);
  }

  @Override
  public void consentEvent(String provider, ConsentEvent event) {
    Counter.builder("cgw.consent.events").description("Consent funnel: created, then how each consent ended")
        .tags("provider", provider, "event", event.label()).register(registry).increment();
  }

  @Override
  public void accessToken(String provider, boolean fromCache) {
    Counter.builder("cgw.provider.tokens").description("Provider access tokens needed, fetched or from the cache")
        .tags("provider", provider, "source", fromCache ? "cache" : "fetched").register(registry).increment();
  }

  @Override
  public void idempotentReplay(String operation) {
    Counter.builder("cgw.idempotent.replays").description("Requests answered with a stored Idempotency-Key response")
        .tags("operation", operation).register(registry).increment();
  }

  @Override
  public void rateLimited(String operation) {
    Counter.builder("cgw.rate.limited").description("Requests refused by their tenant's rate limit (429)")
        .tags("operation", operation).register(registry).increment();
  }

  @Override
  public void storeCall(String store, String operation, boolean failed, long nanos) {
    timer("cgw.store.operations", "Store operations by store, operation and outcome",
        Tags.of("store", store, "operation", operation, "outcome", failed ? "error" : "success"))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String name, String description, Tags tags) {
    return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
