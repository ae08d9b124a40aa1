package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding 7: no cache keeps consent or user data; every HTML page refuses sniffing, framing and foreign scripts. */
class SecurityHeadersTest {

  private static final String BEARER = "Bearer " + GatewayTestKit.ACME_KEY;
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
  void everyConsentAndUserResponseIsNoStore() throws Exception {
    HttpResponse<String> created = kit.raw("POST", "/v1/consents", """
        {"institutionId":"yapily:thistle-sandbox","user":{"reference":"u-cache"},"permissions":["accounts"],
         "redirectUrl":"%s/sandbox/return"}""".formatted(kit.baseUrl()),
        "Authorization", BEARER, "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");

    for (HttpResponse<String> response : new HttpResponse[] {created,
        kit.raw("GET", "/v1/consents/" + id, null, "Authorization", BEARER),
        kit.raw("GET", "/v1/users/u-cache/consents", null, "Authorization", BEARER),
        kit.raw("GET", "/v1/consents/cns_unknown", null, "Authorization", BEARER),
        kit.raw("GET", "/v1/institutions", null, "Authorization", BEARER)}) {
      assertThat(response.headers().firstValue("Cache-Control")).as(response.uri().toString()).hasValue("no-store");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void everyHtmlPageCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> created = kit.raw("POST", "/v1/consents", """
        {"institutionId":"yapily:thistle-sandbox","user":{"reference":"u-html"},"permissions":["accounts"],
         "redirectUrl":"%s/sandbox/return"}""".formatted(kit.baseUrl()),
        "Authorization", BEARER, "Content-Type", "application/json");
    String bankPage = new JsonObject(created.body()).getString("authorisationUrl");

    for (HttpResponse<String> page : new HttpResponse[] {
        kit.raw("GET", "/docs", null),
        kit.browse("GET", kit.baseUrl() + "/v1/callbacks/yapily?journey=forged"),
        kit.browse("GET", kit.baseUrl() + "/sandbox/return?consentId=x&status=authorized"),
        kit.browse("GET", bankPage)}) {
      assertThat(page.headers().firstValue("Content-Type").orElse("")).as(page.uri().toString()).startsWith("text/html");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
    }
  }
}
