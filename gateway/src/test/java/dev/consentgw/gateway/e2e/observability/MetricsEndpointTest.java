package dev.consentgw.gateway.e2e.observability;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.sdk.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} after real traffic: a Yapily journey through the sandbox simulator, and Wych
 * (a WireMock answering 503 to everything) whose provider breaker opens on the first failure.
 * Asserts the exact series each event moved.
 */
class MetricsEndpointTest {

  private static final HttpClient PROMETHEUS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static WireMockServer wych;
  private static GatewayTestKit kit;

  @BeforeAll
  static void boot() throws Exception {
    wych = new WireMockServer(options().dynamicPort());
    kit = SampleTraffic.gateway(wych, "metrics: {tenantLabel: true}\n");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    wych.stop();
  }

  @Test
  void theWychBreakerOpeningShowsAsTransitionStateFailureAndRefusal() throws Exception {
    // The catalogue warm-up asks Wych for its data holders: the token request fails (503), the
    // breaker opens on that first failure, and the one retry is refused by the open breaker.
    PrometheusScrape scrape = await().atMost(Duration.ofSeconds(20)).until(MetricsEndpointTest::scrape,
        s -> s.value("cgw_upstream_calls_seconds_count", "provider", "wych", "operation", "requestToken",
            "outcome", "refused_by_breaker") == 1);

    assertThat(scrape.value("cgw_upstream_calls_seconds_count",
        "provider", "wych", "operation", "requestToken", "outcome", "5xx")).isEqualTo(1);
    assertThat(scrape.value("cgw_breaker_transitions_total", "provider", "wych", "scope", "provider", "to", "open"))
        .isEqualTo(1);
    assertThat(scrape.value("cgw_provider_breaker_state", "provider", "wych")).isEqualTo(1);
    assertThat(scrape.value("cgw_provider_breaker_state", "provider", "yapily")).isEqualTo(0);
    assertThat(scrape.value("cgw_institution_breakers_open", "provider", "wych")).isEqualTo(0);
    assertThat(scrape.value("cgw_provider_tokens_total", "provider", "wych", "source", "fetched")).isEqualTo(1);
    wych.verify(1, anyRequestedFor(anyUrl()));
    assertThat(kit.raw("GET", "/health/ready", null).statusCode()).as("one provider down: still ready").isEqualTo(200);
  }

  @Test
  void aYapilyJourneyMovesTheFacadeUpstreamFunnelStoreAndReplaySeries() throws Exception {
    PrometheusScrape before = scrape();

    Consent consent = SampleTraffic.journey(kit, "metrics-journey-1");
    HttpResponse<String> unauthenticated = kit.raw("GET", "/v1/institutions", null);
    PrometheusScrape after = scrape();

    assertThat(consent.getStatus()).isEqualTo("authorized");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(delta(before, after, "cgw_facade_requests_seconds_count",
        "operation", "createConsent", "status_class", "2xx", "tenant", "acme")).isEqualTo(2);
    assertThat(delta(before, after, "cgw_facade_requests_seconds_count",
        "operation", "getConsent", "status_class", "2xx", "tenant", "acme")).isEqualTo(1);
    assertThat(delta(before, after, "cgw_facade_requests_seconds_count",
        "operation", "listInstitutions", "status_class", "4xx", "tenant", "none")).isEqualTo(1);
    assertThat(delta(before, after, "cgw_facade_requests_seconds_bucket",
        "operation", "createConsent", "status_class", "2xx", "tenant", "acme", "le", "+Inf")).isEqualTo(2);
    assertThat(delta(before, after, "cgw_idempotent_replays_total", "operation", "createConsent")).isEqualTo(1);
    assertThat(delta(before, after, "cgw_consent_events_total", "provider", "yapily", "event", "created"))
        .isEqualTo(1);
    assertThat(delta(before, after, "cgw_consent_events_total", "provider", "yapily", "event", "authorised"))
        .isEqualTo(1);
    assertThat(delta(before, after, "cgw_store_operations_seconds_count",
        "store", "consents", "operation", "insert", "outcome", "success")).isEqualTo(1);
    assertThat(delta(before, after, "cgw_store_operations_seconds_count",
        "store", "idempotency", "operation", "begin", "outcome", "success")).isEqualTo(2);
    assertThat(delta(before, after, "cgw_upstream_calls_seconds_count",
        "provider", "yapily", "operation", "initiateAccountRequest", "outcome", "success")).isEqualTo(1);
  }

  @Test
  void metricsNeedNoApiKeyAndVertxOwnMetersShareTheRegistry() throws Exception {
    HttpResponse<String> response = kit.raw("GET", "/metrics", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(new PrometheusScrape(response.body()).names())
        .contains("vertx_http_server_requests_total", "jvm_memory_used_bytes");
  }

  private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  private static PrometheusScrape scrape() throws Exception {
    return scrape(kit);
  }

  /**
   * Scrapes as Prometheus does, over HTTP/1.1 (the test kit's client upgrades to h2c, which has
   * been seen to fail under load on repeated large responses).
   */
  static PrometheusScrape scrape(GatewayTestKit gateway) throws Exception {
    HttpResponse<String> response = PROMETHEUS.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new PrometheusScrape(response.body());
  }
}
