package dev.consentgw.gateway.e2e.observability;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code metrics.port} and {@code metrics.path}: the scrape moves to its own listener and path. */
class MetricsSeparatePortTest {

  private static GatewayTestKit kit;

  @BeforeAll
  static void boot() throws Exception {
    kit = GatewayTestKit.start("metrics: {port: 0, path: /internal/prometheus}\n");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void theScrapeIsServedOnlyOnTheMetricsPort() throws Exception {
    int port = kit.server.metricsPort().orElseThrow();
    HttpResponse<String> scrape = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> onTheGatewayPort = kit.raw("GET", "/internal/prometheus", null);
    HttpResponse<String> defaultPath = kit.raw("GET", "/metrics", null);

    assertThat(port).isNotEqualTo(kit.server.port());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(new PrometheusScrape(scrape.body()).names()).contains("cgw_provider_breaker_state");
    assertThat(onTheGatewayPort.statusCode()).isEqualTo(404);
    assertThat(defaultPath.statusCode()).isEqualTo(404);
  }
}
