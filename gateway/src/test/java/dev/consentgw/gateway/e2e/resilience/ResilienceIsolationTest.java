package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.consentgw.gateway.e2e.resilience.ProviderFaultInjectionTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures stay where they belong: one bank's failures close only that bank, one provider's only
 * that provider; the bulkhead sheds excess load at once; the request deadline stops a call chain.
 * Both providers run against their own WireMock.
 */
class ResilienceIsolationTest {

  private static final String THISTLE = "yapily:" + YapilyStubs.THISTLE;
  private static final String FERROUS = "yapily:" + YapilyStubs.FERROUS;
  private static final String WATTLE = "wych:" + WychStubs.HOLDER;
  /** Breakers leave OPEN on a real timer: short here, so that the next test finds them closing again. */
  private static final Duration OPEN_FOR = Duration.ofSeconds(2);
  /** Moves the test clock past the retry budget's window and the status refresh interval. */
  private static final Duration SETTLE = Duration.ofSeconds(16);
  private static final int MAX_CONCURRENT_CALLS = 2;
  private static final int UNHURRIED_MILLIS = 1_500;
  /** Each of the three calls of a new Wych user's journey takes this long: together longer than the deadline. */
  private static final int SLOW_STEP_MILLIS = 1_200;
  private static final String NEW_WYCH_USER = "7e3c9a15-2b4d-4f68-9a0e-1c5d7b3f9e21";

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
    YapilyStubs.healthy(yapily);
    WychStubs.healthy(wych);
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        http: {requestTimeout: PT2S, connectTimeout: PT1S}
        catalogue: {freshFor: PT24H}
        resilience:
          requestDeadline: PT3S
          retries: {backoff: PT0.01S}
          bulkhead: {maxConcurrentCalls: %d}
          providerBreaker: {openFor: %s}
          institutionBreaker: {openFor: %s}
        """.formatted(MAX_CONCURRENT_CALLS, OPEN_FOR, OPEN_FOR) + WychStubs.yaml(wych.baseUrl())
        + YapilyStubs.yaml(yapily.baseUrl()).replace("providers:\n", ""));
    facade = new FacadeCalls(kit);
    facade.awaitCatalogue("yapily", "fresh");
    facade.awaitCatalogue("wych", "fresh");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    yapily.stop();
    wych.stop();
  }

  /** Every breaker closed again, the way the gateway recovers: the open period passes, a journey succeeds. */
  @BeforeEach
  void startHealthy() throws Exception {
    kit.clock.advance(SETTLE);
    facade.awaitNoOpenCircuit("yapily");
    facade.awaitNoOpenCircuit("wych");
    for (WireMockServer upstream : List.of(yapily, wych)) {
      upstream.resetAll();
    }
    YapilyStubs.healthy(yapily);
    WychStubs.healthy(wych);
    facade.createdConsentId(THISTLE, "user-1");
    facade.createdConsentId(WATTLE, "user-1");
    yapily.resetRequests();
    wych.resetRequests();
  }

  @Test
  void oneFailingInstitutionLeavesTheProvidersOtherInstitutionsWorking() throws Exception {
    yapily.stubFor(YapilyStubs.startCallAt(YapilyStubs.FERROUS).willReturn(YapilyStubs.institutionFailure()));

    for (int i = 0; i < 5; i++) {
      assertProblem(facade.createConsent(FERROUS, "user-1"), 502, "institution_unavailable");
    }
    HttpResponse<String> refused = facade.createConsent(FERROUS, "user-1");
    HttpResponse<String> elsewhere = facade.createConsent(THISTLE, "user-1");

    assertProblem(refused, 503, "institution_unavailable");
    assertThat(FacadeCalls.retryAfter(refused)).as("the open period, just begun").isEqualTo(String.valueOf(OPEN_FOR.toSeconds()));
    assertThat(new JsonObject(refused.body()).getString("provider")).isEqualTo("yapily");
    assertThat(elsewhere.statusCode()).isEqualTo(201);
    yapily.verify(5, YapilyStubs.startCallsAt(YapilyStubs.FERROUS));
    yapily.verify(1, YapilyStubs.startCallsAt(YapilyStubs.THISTLE));
    JsonObject health = facade.health("yapily");
    assertThat(health.getJsonObject("circuit").getString("state")).isEqualTo("CLOSED");
    assertThat(health.getJsonObject("circuit").getInteger("consecutiveFailures")).isZero();
    JsonObject ferrous = health.getJsonObject("institutionCircuits").getJsonObject(FERROUS);
    assertThat(ferrous.getString("state")).isEqualTo("OPEN");
    assertThat(ferrous.getInteger("rejectedCalls")).isEqualTo(1);
    assertThat(health.getJsonObject("institutionCircuits").containsKey(THISTLE)).isFalse();
  }

  @Test
  void oneFailingProviderLeavesTheOtherProvidersJourneysUnaffected() throws Exception {
    wych.stubFor(WychStubs.startCall().willReturn(aResponse().withStatus(500)));

    for (int i = 0; i < 5; i++) {
      assertProblem(facade.createConsent(WATTLE, "user-1"), 502, "provider_unavailable");
    }
    assertProblem(facade.createConsent(WATTLE, "user-1"), 503, "provider_unavailable");
    List<Integer> yapilyJourneys = List.of(
        facade.createConsent(THISTLE, "user-1").statusCode(),
        facade.createConsent(THISTLE, "user-2").statusCode(),
        facade.createConsent(FERROUS, "user-1").statusCode());

    assertThat(yapilyJourneys).containsExactly(201, 201, 201);
    wych.verify(5, WychStubs.startCalls());
    yapily.verify(3, YapilyStubs.startCalls());
    assertThat(facade.circuit("wych").getString("state")).isEqualTo("OPEN");
    assertThat(facade.circuit("yapily").getString("state")).isEqualTo("CLOSED");
    assertThat(facade.circuit("yapily").getInteger("consecutiveFailures")).isZero();
  }

  @Test
  void theBulkheadRefusesExcessConcurrencyAtOnceInsteadOfQueueing() throws Exception {
    int rejectedBefore = facade.health("yapily").getJsonObject("bulkhead").getInteger("rejectedCalls");
    yapily.stubFor(YapilyStubs.startCall().willReturn(YapilyStubs.startAnswer().withFixedDelay(UNHURRIED_MILLIS)));

    List<CompletableFuture<HttpResponse<String>>> calls = facade.createConsentsAtOnce(THISTLE, "crowd", 6);
    await().atMost(5, TimeUnit.SECONDS).until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 4);

    assertThat(calls.stream().filter(c -> !c.isDone()).count())
        .as("the refused calls were answered while the admitted ones were still upstream").isEqualTo(2);
    yapily.verify(MAX_CONCURRENT_CALLS, YapilyStubs.startCalls());
    JsonObject bulkhead = facade.health("yapily").getJsonObject("bulkhead");
    assertThat(bulkhead.getInteger("inFlight")).isEqualTo(2);
    assertThat(bulkhead.getInteger("rejectedCalls")).isEqualTo(rejectedBefore + 4);
    int created = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
      if (response.statusCode() == 201) {
        created++;
      } else {
        assertProblem(response, 503, "provider_unavailable");
        assertThat(FacadeCalls.retryAfter(response)).isEqualTo("1");
      }
    }
    assertThat(created).isEqualTo(MAX_CONCURRENT_CALLS);
    yapily.verify(MAX_CONCURRENT_CALLS, YapilyStubs.startCalls());
    assertThat(facade.circuit("yapily").getString("state")).as("shedding load is not a failure").isEqualTo("CLOSED");
  }

  @Test
  void theRequestDeadlineStopsACallChainBeforeItsLaterCalls() throws Exception {
    // A Wych user the gateway has no token for yet.
    wych.stubFor(post(urlEqualTo(WychStubs.USERS_PATH))
        .willReturn(okJson("{\"id\": \"" + NEW_WYCH_USER + "\"}").withFixedDelay(SLOW_STEP_MILLIS)));
    wych.stubFor(WychStubs.userTokenCall()
        .willReturn(okJson(WychStubs.token("new-user-token")).withFixedDelay(SLOW_STEP_MILLIS)));
    wych.stubFor(WychStubs.startCall().willReturn(WychStubs.startAnswer().withFixedDelay(SLOW_STEP_MILLIS)));

    HttpResponse<String> response = facade.createConsent(WATTLE, "a-new-user");

    assertProblem(response, 504, "upstream_timeout");
    wych.verify(1, WychStubs.userTokenCalls());
    wych.verify(1, WychStubs.startCalls());
    wych.verify(0, WychStubs.authorizeCalls());
  }
}
