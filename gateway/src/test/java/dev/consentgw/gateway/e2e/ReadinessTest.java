package dev.consentgw.gateway.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose providers both fail: once both provider breakers are open it is not ready, and says
 * why; liveness stays UP (the process is fine, restarting it would not help).
 */
class ReadinessTest {

  private static WireMockServer upstream;
  private static GatewayTestKit kit;

  @BeforeAll
  static void boot() throws Exception {
    upstream = new WireMockServer(options().dynamicPort());
    upstream.start();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        resilience:
          retries: {maxRetries: 0}
          providerBreaker: {failureThreshold: 1, openFor: PT60S}
        providers:
          wych:
            apiBaseUrl: "%1$s/v3"
            tokenUrl: "%1$s/token"
            apiKey: api-key-not-logged
            clientId: gateway-client
            clientSecret: client-secret-not-logged
            partnerId: 3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11
            appId: 9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22
          yapily:
            baseUrl: "%1$s"
            applicationId: app-id
            applicationSecret: app-secret-not-logged
        """.formatted(upstream.baseUrl()));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    upstream.stop();
  }

  @Test
  void bothProviderBreakersOpenMakeTheNodeNotReadyWithReasons() throws Exception {
    // The catalogue warm-up calls both providers once; each 503 opens that provider's breaker.
    HttpResponse<String> ready = await().atMost(Duration.ofSeconds(20)).until(
        () -> kit.raw("GET", "/health/ready", null), response -> response.statusCode() == 503);
    HttpResponse<String> live = kit.raw("GET", "/health/live", null);

    JsonObject body = new JsonObject(ready.body());
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.getJsonObject("store").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonArray("reasons")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("code", "no_provider_catalogue")
            .put("detail", "No provider's institution catalogue is available."))
        .add(new JsonObject().put("code", "all_provider_breakers_open")
            .put("detail", "Every provider's circuit breaker is open: no journey can start or complete on this node.")));
    for (String provider : new String[] {"wych", "yapily"}) {
      assertThat(body.getJsonObject("providers").getJsonObject(provider).getJsonObject("circuit").getString("state"))
          .isEqualTo("OPEN");
    }
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
  }
}
