package dev.consentgw.gateway.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same Idempotency-Key while the first request is still at the provider answers 409, and the
 * provider sees one journey, not two. Yapily is WireMock here so the first request can be held.
 */
class IdempotencyInFlightTest {

  private static final String INSTITUTIONS = """
      {"meta":{"tracingId":"t1","count":1},"data":[{"id":"held-bank","name":"Held Bank","fullName":"Held Bank plc",
       "countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],"environmentType":"SANDBOX",
       "features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS","ACCOUNT_BALANCES"]}]}""";
  private static final String AUTHORISATION = """
      {"meta":{"tracingId":"t2"},"data":{"id":"7b0e6a53-8a4c-4f9e-9d2e-3c1f5a6b7c8d","institutionId":"held-bank",
       "status":"AWAITING_AUTHORIZATION","authorisationUrl":"https://bank.example/authorise/7b0e6a53"}}""";

  private static WireMockServer yapily;
  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    yapily = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    yapily.start();
    // Stubbed before the gateway starts: its catalogue warm-up must find the institution.
    yapily.stubFor(get(urlPathEqualTo("/institutions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(INSTITUTIONS)));
    yapily.stubFor(post(urlPathEqualTo("/account-auth-requests")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(AUTHORISATION).withFixedDelay(1_500)));
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        providers:
          wych: {enabled: false}
          yapily: {baseUrl: "http://localhost:%d", applicationId: app-id, applicationSecret: app-secret}
        """.formatted(yapily.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    yapily.stop();
  }

  @Test
  void aSecondRequestWithTheSameKeyWhileTheFirstRunsIsRefused() throws Exception {
    String body = new JsonObject()
        .put("institutionId", "yapily:held-bank")
        .put("user", new JsonObject().put("reference", "u-held"))
        .put("permissions", List.of("accounts"))
        .put("redirectUrl", kit.baseUrl() + "/sandbox/return")
        .encode();

    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> create(body));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> yapily.countRequestsMatching(postRequestedFor(urlPathEqualTo("/account-auth-requests")).build())
            .getCount() == 1);
    HttpResponse<String> second = create(body);

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(second.body()).getString("code")).isEqualTo("idempotency_in_progress");
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    HttpResponse<String> replay = create(body);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(new JsonObject(replay.body()).getString("id"))
        .isEqualTo(new JsonObject(first.get().body()).getString("id"));
    yapily.verify(1, postRequestedFor(urlPathEqualTo("/account-auth-requests")));
  }

  private static HttpResponse<String> create(String body) {
    try {
      return kit.raw("POST", "/v1/consents", body, "Authorization", "Bearer " + GatewayTestKit.ACME_KEY,
          "Content-Type", "application/json", "Idempotency-Key", "held-key-1");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
