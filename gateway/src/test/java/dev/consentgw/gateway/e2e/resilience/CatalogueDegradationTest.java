package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.consentgw.gateway.e2e.resilience.ProviderFaultInjectionTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The institution list never fails because of a provider: Wych is down from the start (never had a
 * catalogue: unavailable), Yapily goes down after a good fetch (its last good catalogue is served,
 * marked stale, and it recovers by itself).
 */
class CatalogueDegradationTest {

  private static final Duration FRESH_FOR = Duration.ofMinutes(1);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  private static WireMockServer yapily;
  private static WireMockServer wych;
  private static GatewayTestKit kit;
  private static FacadeCalls facade;

  @BeforeAll
  static void boot() throws Exception {
    yapily = new WireMockServer(options().dynamicPort());
    wych = new WireMockServer(options().dynamicPort());
    yapily.start();
    wych.start();
    stubUpstreams();
    // The breaker is out of the way here (high threshold): this class is about the catalogue's own pauses.
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        http: {requestTimeout: PT2S, connectTimeout: PT1S}
        catalogue: {freshFor: %s, retryAfterFailure: %s}
        resilience:
          retries: {backoff: PT0.01S}
          providerBreaker: {failureThreshold: 1000}
        """.formatted(FRESH_FOR, RETRY_AFTER_FAILURE) + WychStubs.yaml(wych.baseUrl())
        + YapilyStubs.yaml(yapily.baseUrl()).replace("providers:\n", ""));
    facade = new FacadeCalls(kit);
    facade.awaitCatalogue("yapily", "fresh");
    // Wych's warm-up: one refresh, retried once, both refused by the token endpoint.
    await().atMost(10, TimeUnit.SECONDS).until(() -> wych.countRequestsMatching(WychStubs.tokenCalls().build())
        .getCount() == 2);
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    yapily.stop();
    wych.stop();
  }

  @BeforeEach
  void reset() {
    stubUpstreams();
  }

  /** Wych's token endpoint fails; Yapily answers. */
  private static void stubUpstreams() {
    wych.resetAll();
    yapily.resetAll();
    WychStubs.healthy(wych);
    wych.stubFor(WychStubs.tokenCall().willReturn(aResponse().withStatus(503)));
    YapilyStubs.healthy(yapily);
  }

  @Test
  void aProviderWithNoCatalogueIsUnavailableInTheListAndItsInstitutionsAnswer503WhilePaused() throws Exception {
    facade.listInstitutions();
    wych.resetRequests();

    HttpResponse<String> list = facade.listInstitutions();
    HttpResponse<String> create = facade.createConsent("wych:" + WychStubs.HOLDER, "user-1");

    assertThat(list.statusCode()).isEqualTo(200);
    JsonObject page = new JsonObject(list.body());
    assertThat(freshness(page, "wych").getString("status")).isEqualTo("unavailable");
    assertThat(page.getJsonArray("data").stream().map(i -> ((JsonObject) i).getString("provider")))
        .isNotEmpty().containsOnly("yapily");
    assertProblem(create, 503, "provider_unavailable");
    assertThat(Integer.parseInt(FacadeCalls.retryAfter(create))).isBetween(1, (int) RETRY_AFTER_FAILURE.toSeconds());
    assertThat(wych.getAllServeEvents()).as("nothing is asked while the catalogue is paused").isEmpty();

    kit.clock.advance(RETRY_AFTER_FAILURE);
    HttpResponse<String> afterPause = facade.createConsent("wych:" + WychStubs.HOLDER, "user-1");

    assertProblem(afterPause, 502, "provider_unavailable");
    wych.verify(2, WychStubs.tokenCalls());
  }

  @Test
  void aFailingProvidersLastGoodCatalogueIsServedStaleUntilItRecovers() throws Exception {
    kit.clock.advance(FRESH_FOR.plus(RETRY_AFTER_FAILURE));
    yapily.stubFor(get("/institutions").willReturn(aResponse().withStatus(503)));

    HttpResponse<String> stale = facade.listInstitutions();

    assertThat(stale.statusCode()).isEqualTo(200);
    JsonObject page = new JsonObject(stale.body());
    assertThat(freshness(page, "yapily").getString("status")).isEqualTo("stale");
    assertThat(freshness(page, "yapily").getString("refreshedAt")).isNotNull();
    assertThat(page.getJsonArray("data").stream().map(i -> ((JsonObject) i).getString("id")))
        .contains("yapily:" + YapilyStubs.THISTLE, "yapily:" + YapilyStubs.FERROUS);
    // One background refresh, retried once (a read), then a pause.
    await().atMost(10, TimeUnit.SECONDS).until(() -> yapily.countRequestsMatching(
        getRequestedFor(urlEqualTo("/institutions")).build()).getCount() == 2);
    assertThat(freshness(new JsonObject(facade.listInstitutions().body()), "yapily").getString("status"))
        .isEqualTo("stale");
    yapily.verify(2, getRequestedFor(urlEqualTo("/institutions")));

    YapilyStubs.healthy(yapily);
    kit.clock.advance(RETRY_AFTER_FAILURE);
    facade.listInstitutions();
    await().atMost(10, TimeUnit.SECONDS).until(() -> "fresh".equals(
        freshness(new JsonObject(facade.listInstitutions().body()), "yapily").getString("status")));
    yapily.verify(3, getRequestedFor(urlEqualTo("/institutions")));
  }

  @Test
  void aRefreshedCatalogueIsServedAtOnceNeverAPageFromTheOlderOne() throws Exception {
    JsonObject before = new JsonObject(facade.listInstitutions().body());
    assertThat(ids(before)).contains("yapily:" + YapilyStubs.THISTLE, "yapily:" + YapilyStubs.FERROUS);
    yapily.stubFor(get("/institutions").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"meta":{"tracingId":"t2","count":1},"data":[
              {"id":"%s","name":"Thistle Bank","countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],
               "environmentType":"SANDBOX","features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS"]}]}
            """.formatted(YapilyStubs.THISTLE))));

    kit.clock.advance(FRESH_FOR.plusSeconds(1));
    facade.listInstitutions();

    await().atMost(10, TimeUnit.SECONDS).until(() -> {
      JsonObject page = new JsonObject(facade.listInstitutions().body());
      return "fresh".equals(freshness(page, "yapily").getString("status"))
          && !ids(page).contains("yapily:" + YapilyStubs.FERROUS);
    });
    assertThat(ids(new JsonObject(facade.listInstitutions().body()))).contains("yapily:" + YapilyStubs.THISTLE)
        .doesNotContain("yapily:" + YapilyStubs.FERROUS);
  }

  private static java.util.List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static JsonObject freshness(JsonObject page, String provider) {
    JsonArray providers = page.getJsonObject("meta").getJsonArray("providers");
    return providers.stream().map(JsonObject.class::cast)
        .filter(p -> provider.equals(p.getString("provider"))).findFirst().orElseThrow();
  }
}
