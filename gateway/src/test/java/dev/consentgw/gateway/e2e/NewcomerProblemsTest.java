package dev.consentgw.gateway.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The problems a newcomer meets first each say how to fix the request. */
class NewcomerProblemsTest {

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
  void anUnknownPermissionListsTheValidOnes() throws Exception {
    JsonObject problem = create(body("yapily:thistle-sandbox", kit.baseUrl() + "/sandbox/return", "accounts", "bogus"));

    assertThat(problem.getString("code")).isEqualTo("permission_not_supported");
    assertThat(problem.getString("detail")).isEqualTo("Permission 'bogus' is not supported. Valid permissions: "
        + "accounts, accounts.detail, balances, transactions, payees, regular_payments, customer, customer.detail"
        + " (each must also be offered by the institution: see its permissions in GET /v1/institutions).");
  }

  @Test
  void aRedirectUrlNotAllowedSaysWhichAreAndWhereTheyAreConfigured() throws Exception {
    JsonObject problem = create(body("yapily:thistle-sandbox", "https://elsewhere.example/back", "accounts"));

    assertThat(problem.getString("code")).isEqualTo("redirect_url_not_allowed");
    assertThat(problem.getString("detail")).isEqualTo("redirectUrl is not one of your tenant's registered redirect"
        + " URLs (exact match required): " + kit.baseUrl() + "/sandbox/return. The gateway's operator registers them"
        + " under tenants[].redirectUrls in the gateway's configuration file.");
  }

  @Test
  void anInstitutionIdWithoutItsProviderNamesThePatternAndNothingFalse() throws Exception {
    JsonObject problem = create(body("thistle-sandbox", kit.baseUrl() + "/sandbox/return", "accounts"));

    assertThat(problem.getString("code")).isEqualTo("validation_failed");
    assertThat(problem.getJsonArray("errors")).containsExactly(new JsonObject().put("pointer", "/institutionId")
        .put("detail", "does not match the contract: must match the pattern"
            + " ^[a-z][a-z0-9-]{1,31}:[A-Za-z0-9._~-]{1,128}$, for example yapily:thistle-sandbox"));
  }

  @Test
  void aQueryPatternMismatchNamesThePattern() throws Exception {
    HttpResponse<String> response = kit.raw("GET", "/v1/institutions?country=uk", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getJsonArray("errors")).containsExactly(new JsonObject()
        .put("pointer", "/query/country").put("detail", "does not match the contract: must match the pattern ^[A-Z]{2}$,"
            + " for example GB"));
  }

  @Test
  void aBankFailureNamesNoInternalOperation() throws Exception {
    JsonObject problem = create(body("yapily:ferrous-sandbox", kit.baseUrl() + "/sandbox/return", "accounts"));

    assertThat(problem.getString("code")).isEqualTo("institution_unavailable");
    assertThat(problem.getString("detail")).isEqualTo("The bank behind this institution failed the request or does"
        + " not offer what was asked (Yapily answered 424). Try again later, or choose another institution.");
  }

  @Test
  void aBodyWithoutContentTypeNamesApplicationJson() throws Exception {
    HttpResponse<String> response = kit.raw("POST", "/v1/consents",
        body("yapily:thistle-sandbox", kit.baseUrl() + "/sandbox/return", "accounts").encode(),
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);

    assertThat(response.statusCode()).isBetween(400, 415);
    assertThat(response.body()).contains("application/json");
  }

  private static JsonObject body(String institutionId, String redirectUrl, String... permissions) {
    return new JsonObject().put("institutionId", institutionId)
        .put("user", new JsonObject().put("reference", "newcomer"))
        .put("permissions", new JsonArray(List.of((Object[]) permissions)))
        .put("redirectUrl", redirectUrl);
  }

  private static JsonObject create(JsonObject body) throws Exception {
    HttpResponse<String> response = kit.raw("POST", "/v1/consents", body.encode(),
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY, "Content-Type", "application/json",
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(400);
    return new JsonObject(response.body());
  }
}
