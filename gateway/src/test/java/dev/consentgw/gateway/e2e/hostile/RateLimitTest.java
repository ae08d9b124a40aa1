package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.gateway.e2e.observability.PrometheusScrape;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-tenant rate limit: the burst passes, the excess gets 429 rate_limited with Retry-After and RateLimit headers. */
class RateLimitTest {

  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        security:
          rateLimit: {requestsPerSecond: 0.05, burst: 5}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void concurrentRequestsBeyondTheBurstAreRefusedAndOtherTenantsAreUnaffected() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.sendAsync(request(GatewayTestKit.ACME_KEY), HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

    assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(5);
    List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(refused).hasSize(15);
    for (HttpResponse<String> response : refused) {
      JsonObject problem = new JsonObject(response.body());
      assertThat(problem.getString("code")).isEqualTo("rate_limited");
      assertThat(problem.getString("traceId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
      assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
      assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"tenant\";q=5;w=100");
      assertThat(response.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"tenant\";r=0;t=");
    }

    HttpResponse<String> other = client.send(request(GatewayTestKit.GLOBEX_KEY), HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.headers().firstValue("RateLimit")).hasValue("\"tenant\";r=4;t=20");

    String metrics = client.send(HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(new PrometheusScrape(metrics).value("cgw_rate_limited_total", "operation", "listInstitutions"))
        .as("every refusal is counted").isEqualTo(15.0);
  }

  private static HttpRequest request(String key) {
    return HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/v1/institutions?limit=1"))
        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).build();
  }
}
