package dev.consentgw.gateway.events;

import dev.consentgw.gateway.store.ConsentEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each limit of the events and webhooks settings, checked on its own. */
class EventsOptionsTest {

  private static final Duration S = Duration.ofSeconds(1);
  private static final List<Duration> DAY = List.of(Duration.ofHours(24));
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static EventsOptions.Delivery delivery(List<Duration> schedule, double jitter, Duration poll, int batch,
      Duration lease, Duration timeout, int inFlight, int failures, Duration openFor, int pool) {
    return new EventsOptions.Delivery(schedule, jitter, poll, batch, lease, timeout, inFlight, failures, openFor, false,
        pool);
  }

  private static EventsOptions.Delivery valid() {
    return delivery(DAY, 0.2, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 1);
  }

  private static List<String> problems(EventsOptions.Delivery d) {
    return new EventsOptions(S, S, S, d).problems("events");
  }

  @Test
  void validSettingsHaveNoProblems() {
    assertThat(problems(valid())).isEmpty();
    assertThat(problems(delivery(DAY, 0, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 1))).isEmpty();
  }

  @Test
  void eachLimitIsCheckedOnItsOwn() {
    assertThat(new EventsOptions(Duration.ZERO, S, S, valid()).problems("events"))
        .containsExactly("events.retention, expiringLeadTime and maintenanceInterval must be positive");
    assertThat(new EventsOptions(S, null, S, valid()).problems("events")).hasSize(1);
    assertThat(new EventsOptions(S, S, Duration.ofSeconds(-1), valid()).problems("events")).hasSize(1);
    assertThat(problems(delivery(List.of(), 0.2, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 1)))
        .containsExactly("events.delivery.schedule must list at least one pause, none negative");
    assertThat(problems(delivery(List.of(Duration.ofHours(25), Duration.ofSeconds(-1)), 0.2, S, 1,
        Duration.ofSeconds(2), S, 1, 1, S, 1))).hasSize(1);
    assertThat(problems(delivery(List.of(Duration.ofHours(24).minusMillis(1)), 0.2, S, 1, Duration.ofSeconds(2), S, 1,
        1, S, 1))).containsExactly("events.delivery.schedule must add up to at least 24 hours"
        + " (receivers get a day to come back)");
    assertThat(problems(delivery(DAY, 1, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 1)))
        .containsExactly("events.delivery.jitter must be at least 0 and below 1");
    assertThat(problems(delivery(DAY, -0.01, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 1))).hasSize(1);
    assertThat(problems(delivery(DAY, 0.2, Duration.ZERO, 1, Duration.ofSeconds(2), S, 1, 1, S, 1)))
        .containsExactly("events.delivery.pollInterval, timeout and breakerOpenFor must be positive");
    assertThat(problems(delivery(DAY, 0.2, S, 1, Duration.ofSeconds(2), S, 1, 1, Duration.ZERO, 1))).hasSize(1);
    assertThat(problems(delivery(DAY, 0.2, S, 1, S, S, 1, 1, S, 1)))
        .containsExactly("events.delivery.lease must be longer than delivery.timeout");
    assertThat(problems(delivery(DAY, 0.2, S, 0, Duration.ofSeconds(2), S, 1, 1, S, 1)))
        .containsExactly("events.delivery.batchSize, maxInFlightPerEndpoint, breakerFailures and maxPoolSize"
            + " must be at least 1");
    assertThat(problems(delivery(DAY, 0.2, S, 1, Duration.ofSeconds(2), S, 0, 1, S, 1))).hasSize(1);
    assertThat(problems(delivery(DAY, 0.2, S, 1, Duration.ofSeconds(2), S, 1, 0, S, 1))).hasSize(1);
    assertThat(problems(delivery(DAY, 0.2, S, 1, Duration.ofSeconds(2), S, 1, 1, S, 0))).hasSize(1);
  }

  @Test
  void aWebhookEndpointNeedsAnIdATenantAnHttpsUrlAWhsecSecretAndKnownTypes() {
    Set<String> tenants = Set.of("acme");
    assertThat(new WebhookEndpoint("crm", "acme", "https://hooks.acme.example/x", SECRET, List.of())
        .problems("w", tenants)).isEmpty();
    assertThat(new WebhookEndpoint("crm", "acme", "http://localhost:9000/x", SECRET, null).problems("w", tenants))
        .isEmpty();
    assertThat(new WebhookEndpoint("crm", "acme", "http://hooks.acme.example/x", SECRET, List.of())
        .problems("w", tenants)).containsExactly("w.url must be an https URL (plain http only for localhost)");
    assertThat(new WebhookEndpoint("crm", "acme", "not a url", SECRET, List.of()).problems("w", tenants)).hasSize(1);
    assertThat(new WebhookEndpoint("crm", "acme", null, SECRET, List.of()).problems("w", tenants)).hasSize(1);
    assertThat(new WebhookEndpoint("c r m", "acme", "https://h.example/", SECRET, List.of()).problems("w", tenants))
        .containsExactly("w.id must be 1 to 64 of A-Z a-z 0-9 . _ -");
    assertThat(new WebhookEndpoint("crm", "globex", "https://h.example/", SECRET, List.of()).problems("w", tenants))
        .containsExactly("w.tenant must name a configured tenant");
    assertThat(new WebhookEndpoint("crm", "acme", "https://h.example/", "", List.of()).problems("w", tenants))
        .hasSize(1).first().asString().startsWith("w.secret must be a Standard Webhooks secret");
    assertThat(new WebhookEndpoint("crm", "acme", "https://h.example/", SECRET, List.of("consent.nope"))
        .problems("w", tenants)).containsExactly("w.types: unknown event type consent.nope");
  }

  @Test
  void anEndpointWantsItsTypesOrAll() {
    WebhookEndpoint all = new WebhookEndpoint("a", "acme", "https://h.example/", SECRET, List.of());
    WebhookEndpoint some = new WebhookEndpoint("b", "acme", "https://h.example/", SECRET, List.of("consent.revoked"));
    assertThat(all.wants(ConsentEventType.EXPIRING)).isTrue();
    assertThat(some.wants(ConsentEventType.REVOKED)).isTrue();
    assertThat(some.wants(ConsentEventType.AUTHORIZED)).isFalse();
    assertThat(some.toString()).doesNotContain("MfKQ");
  }
}
