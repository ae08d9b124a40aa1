package dev.consentgw.gateway.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's pages as served (the browser tests drive them): the console at {@code /}, its
 * assets, the docs' pre-filled demo key, the bank page naming the tenant, the return page's sentence.
 */
class SandboxConsolePagesTest {

  private static final String DEMO_KEY = "cgw_sandbox_demo_key_4f7c1e";
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
  void theConsoleIsServedAtTheRootWithScriptsAndStylesAsFiles() throws Exception {
    HttpResponse<String> page = kit.raw("GET", "/", null);
    HttpResponse<String> script = kit.raw("GET", "/console/console.js", null);
    HttpResponse<String> style = kit.raw("GET", "/console/console.css", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<meta name=\"cgw-demo-key\" content=\"" + DEMO_KEY + "\">")
        .contains("<script src=\"/console/console.js\"></script>")
        // Nothing inline, so a strict Content-Security-Policy holds.
        .doesNotContain("<style", "style=", "onclick", "<script>");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("'/v1/consents'", "Idempotency-Key");
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void theDocsAuthoriseWithTheDemoKeyInTheSandbox() throws Exception {
    HttpResponse<String> init = kit.raw("GET", "/docs/init.js", null);

    assertThat(init.body()).contains("preauthorizeApiKey('bearerAuth', \"" + DEMO_KEY + "\")");
  }

  @Test
  void theBankPageNamesTheTenantAndTheTwoStepBankItsStep() throws Exception {
    JsonObject consent = create(GatewayTestKit.GLOBEX_KEY, "yapily:brueckenbank-sandbox");
    String firstLeg = consent.getString("authorisationUrl");

    String first = kit.browse("GET", firstLeg).body();
    assertThat(first).contains("<h1>Globex Budgeting would like to access:</h1>", "Step 1 of 2")
        .doesNotContain("sandbox-yapily-application");
    String secondLeg = GatewayTestKit.location(kit.decideAtBank(firstLeg, "approve"));
    String second = kit.browse("GET", secondLeg).body();
    assertThat(second).contains("<h1>Globex Budgeting would like to access:</h1>", "Step 2 of 2");
  }

  @Test
  void theReturnPageSaysHowTheJourneyEnded() throws Exception {
    JsonObject consent = create(GatewayTestKit.ACME_KEY, "yapily:thistle-sandbox");
    String back = GatewayTestKit.location(kit.decideAtBank(consent.getString("authorisationUrl"), "deny"));

    String page = kit.browse("GET", back).body();
    assertThat(page).contains("You declined at the bank, so no data will be shared.")
        .doesNotContain("&lt;api key&gt;", "<style");
  }

  private static JsonObject create(String key, String institutionId) throws Exception {
    JsonObject body = new JsonObject().put("institutionId", institutionId)
        .put("user", new JsonObject().put("reference", "pages-test"))
        .put("permissions", new JsonArray().add("accounts"))
        .put("redirectUrl", kit.baseUrl() + "/sandbox/return");
    HttpResponse<String> created = kit.raw("POST", "/v1/consents", body.encode(),
        "Authorization", "Bearer " + key, "Content-Type", "application/json",
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body());
  }
}
