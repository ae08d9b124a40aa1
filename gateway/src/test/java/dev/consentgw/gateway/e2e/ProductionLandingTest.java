package dev.consentgw.gateway.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With the sandbox off, {@code /} points to the docs, and the docs carry no key. */
class ProductionLandingTest {

  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        providers:
          wych: {enabled: false}
          yapily: {enabled: false}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void theRootPointsToTheDocsAndTheContract() throws Exception {
    HttpResponse<String> root = kit.raw("GET", "/", null);
    HttpResponse<String> console = kit.raw("GET", "/console/console.js", null);

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject pointer = new JsonObject(root.body());
    assertThat(pointer.getString("docs")).isEqualTo("/docs");
    assertThat(pointer.getString("contract")).isEqualTo("/openapi.yaml");
    assertThat(console.statusCode()).isEqualTo(404);
  }

  @Test
  void theDocsAreNotPreAuthorised() throws Exception {
    HttpResponse<String> init = kit.raw("GET", "/docs/init.js", null);

    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.body()).contains("/openapi.yaml").doesNotContain("preauthorize", "cgw_sandbox_demo_key");
  }
}
