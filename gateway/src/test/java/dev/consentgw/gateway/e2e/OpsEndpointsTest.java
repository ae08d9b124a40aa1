package dev.consentgw.gateway.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The published contract, the docs page, health, request ids and unknown routes. */
class OpsEndpointsTest {

  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void servesThePublishedContractByteForByte() throws Exception {
    HttpResponse<String> response = kit.raw("GET", "/openapi.yaml", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
    assertThat(response.body()).isEqualTo(Files.readString(Path.of("..", "openapi", "facade.yaml")));
    assertThat(response.body()).contains("application/problem+json");
  }

  @Test
  void rendersTheDocsFromBundledAssets() throws Exception {
    HttpResponse<String> page = kit.raw("GET", "/docs", null);
    HttpResponse<String> bundle = kit.raw("GET", "/docs/assets/swagger-ui-bundle.js", null);
    HttpResponse<String> init = kit.raw("GET", "/docs/init.js", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui", "/docs/assets/swagger-ui-bundle.js").doesNotContain("https://");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body().length()).isGreaterThan(100_000);
    assertThat(init.body()).contains("/openapi.yaml");
  }

  @Test
  void reportsLivenessAndReadiness() throws Exception {
    HttpResponse<String> live = kit.raw("GET", "/health/live", null);
    HttpResponse<String> ready = kit.raw("GET", "/health/ready", null);

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject providers = new JsonObject(ready.body()).getJsonObject("providers");
    assertThat(providers.fieldNames()).containsExactlyInAnyOrder("wych", "yapily");
    assertThat(new JsonObject(ready.body()).getJsonArray("reasons")).isEmpty();
  }

  @Test
  void bothHealthEndpointsShowEveryProvidersBreakerBulkheadAndRetryBudget() throws Exception {
    for (String path : new String[] {"/health/live", "/health/ready"}) {
      JsonObject providers = new JsonObject(kit.raw("GET", path, null).body()).getJsonObject("providers");

      assertThat(providers.fieldNames()).as(path).containsExactlyInAnyOrder("wych", "yapily");
      for (String provider : providers.fieldNames()) {
        JsonObject guards = providers.getJsonObject(provider);
        assertThat(guards.getJsonObject("circuit").getString("state")).as(path).isEqualTo("CLOSED");
        assertThat(guards.getJsonObject("circuit").getInteger("rejectedCalls")).isZero();
        assertThat(guards.getJsonObject("institutionCircuits")).isEmpty();
        assertThat(guards.getJsonObject("bulkhead").getInteger("maxConcurrentCalls")).isEqualTo(64);
        assertThat(guards.getJsonObject("retryBudget").fieldNames())
            .containsExactlyInAnyOrder("callsInWindow", "retriesInWindow", "deniedRetries");
      }
    }
  }

  @Test
  void everyResponseCarriesARequestId() throws Exception {
    HttpResponse<String> echoed = kit.raw("GET", "/health/live", null, "X-Request-Id", "abc-123");
    HttpResponse<String> generated = kit.raw("GET", "/v1/institutions", null);
    HttpResponse<String> invalid = kit.raw("GET", "/v1/institutions", null, "X-Request-Id", "bad id with spaces");

    assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");
    assertThat(generated.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(invalid.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).doesNotContain(" "));
  }

  @Test
  void unknownRoutesAreProblemsToo() throws Exception {
    HttpResponse<String> response = kit.raw("GET", "/v2/nothing", null, "X-Request-Id", "r-404");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject()
        .put("type", "https://consentgw.dev/problems/not_found")
        .put("title", "Not found")
        .put("status", 404)
        .put("code", "not_found")
        .put("detail", "No such resource.")
        .put("instance", "/v2/nothing")
        .put("traceId", "r-404"));
  }
}
