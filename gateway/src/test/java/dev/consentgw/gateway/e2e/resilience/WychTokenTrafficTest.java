package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.consentgw.gateway.e2e.resilience.ProviderFaultInjectionTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trouble at Wych's token endpoint never multiplies calls to it: concurrent callers share one
 * fetch, a failed fetch pauses token requests briefly, a throttled endpoint is never retried and
 * stops being called once the breaker opens, a slow one is asked once (plus one retry) for everyone.
 */
class WychTokenTrafficTest {

  /** The breaker leaves OPEN on a real timer: short here, so that the next test finds it closing again. */
  private static final Duration OPEN_FOR = Duration.ofSeconds(3);
  /** Moves the test clock past the retry budget's window and the token failure pause. */
  private static final Duration SETTLE = Duration.ofSeconds(16);
  /** Past the refresh time of every cached token. */
  private static final Duration TOKENS_EXPIRE = Duration.ofSeconds(WychStubs.TOKEN_SECONDS);
  private static final int CONCURRENT_JOURNEYS = 10;
  /** The default {@code providers.wych.tokenFailurePause}. */
  private static final Duration TOKEN_FAILURE_PAUSE = Duration.ofSeconds(2);
  private static final String HOLDER = "wych:" + WychStubs.HOLDER;

  private static WireMockServer wych;
  private static GatewayTestKit kit;
  private static FacadeCalls facade;

  @BeforeAll
  static void boot() throws Exception {
    wych = new WireMockServer(options().dynamicPort());
    wych.start();
    WychStubs.healthy(wych);
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        http: {requestTimeout: PT2S, connectTimeout: PT1S}
        catalogue: {freshFor: PT48H}
        resilience:
          retries: {backoff: PT0.01S}
          providerBreaker: {openFor: %s}
        """.formatted(OPEN_FOR) + WychStubs.yaml(wych.baseUrl()) + "  yapily: {enabled: false}\n");
    facade = new FacadeCalls(kit);
    facade.awaitCatalogue("wych", "fresh");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    wych.stop();
  }

  /** A closed breaker, tokens cached, then every cached token expires. */
  @BeforeEach
  void tokensExpire() throws Exception {
    kit.clock.advance(SETTLE);
    facade.awaitNoOpenCircuit("wych");
    wych.resetAll();
    WychStubs.healthy(wych);
    facade.createdConsentId(HOLDER, "user-1");
    kit.clock.advance(TOKENS_EXPIRE);
    wych.resetRequests();
  }

  @Test
  void expiredTokensAreFetchedOnceForAllConcurrentJourneys() throws Exception {
    wych.stubFor(WychStubs.tokenCall().willReturn(okJson(WychStubs.token("service-token-2")).withFixedDelay(500)));
    wych.stubFor(WychStubs.userTokenCall().willReturn(okJson(WychStubs.token("user-token-2")).withFixedDelay(500)));

    List<HttpResponse<String>> journeys = all(sameUserAtOnce());

    assertThat(journeys).extracting(HttpResponse::statusCode).containsOnly(201).hasSize(CONCURRENT_JOURNEYS);
    wych.verify(1, WychStubs.tokenCalls());
    wych.verify(1, WychStubs.userTokenCalls());
    wych.verify(CONCURRENT_JOURNEYS, WychStubs.startCalls());
  }

  @Test
  void aThrottledTokenEndpointIsNeitherRetriedNorHammered() throws Exception {
    wych.stubFor(WychStubs.tokenCall().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    // Callers sharing the failed request get its failure; those right after it are refused at once.
    List<HttpResponse<String>> burst = all(sameUserAtOnce());
    assertThat(burst).extracting(HttpResponse::statusCode).isSubsetOf(502, 503).contains(502);
    assertThat(burst).extracting(FacadeCalls::code).containsOnly("provider_unavailable");
    wych.verify(1, WychStubs.tokenCalls());
    HttpResponse<String> duringPause = facade.createConsent(HOLDER, "user-1");
    assertProblem(duringPause, 503, "provider_unavailable");
    assertThat(FacadeCalls.retryAfter(duringPause)).isEqualTo("2");
    wych.verify(1, WychStubs.tokenCalls());

    // Each pause over, one more request; the fifth failure opens the breaker.
    for (int i = 0; i < 4; i++) {
      kit.clock.advance(TOKEN_FAILURE_PAUSE);
      assertProblem(facade.createConsent(HOLDER, "user-1"), 502, "provider_unavailable");
    }
    kit.clock.advance(TOKEN_FAILURE_PAUSE);
    HttpResponse<String> open = facade.createConsent(HOLDER, "user-1");

    assertProblem(open, 503, "provider_unavailable");
    assertThat(FacadeCalls.retryAfter(open)).as("the open period, just begun").isEqualTo(String.valueOf(OPEN_FOR.toSeconds()));
    wych.verify(5, WychStubs.tokenCalls());
    assertThat(wych.getAllServeEvents()).as("nothing but token requests").hasSize(5);
    assertThat(facade.circuit("wych").getString("state")).isEqualTo("OPEN");
  }

  @Test
  void aFailingTokenEndpointIsAskedOnceAndRetriedOnceForAllConcurrentJourneys() throws Exception {
    wych.stubFor(WychStubs.tokenCall().willReturn(aResponse().withStatus(503).withFixedDelay(200)));

    List<HttpResponse<String>> journeys = all(sameUserAtOnce());

    assertThat(journeys).extracting(HttpResponse::statusCode).isSubsetOf(502, 503).contains(502);
    assertThat(journeys).extracting(FacadeCalls::code).containsOnly("provider_unavailable");
    wych.verify(2, WychStubs.tokenCalls());
    assertThat(wych.getAllServeEvents()).as("nothing but token requests").hasSize(2);
  }

  @Test
  void aTokenEndpointSlowerThanTheTimeoutIsAskedOnceAndRetriedOnceForEveryone() throws Exception {
    wych.stubFor(WychStubs.tokenCall().willReturn(okJson(WychStubs.token("late")).withFixedDelay(4_000)));

    List<HttpResponse<String>> journeys = all(sameUserAtOnce());

    for (HttpResponse<String> journey : journeys) {
      assertProblem(journey, 504, "upstream_timeout");
    }
    wych.verify(2, WychStubs.tokenCalls());
    wych.verify(0, WychStubs.userTokenCalls());
  }

  private static List<CompletableFuture<HttpResponse<String>>> sameUserAtOnce() {
    List<CompletableFuture<HttpResponse<String>>> journeys = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_JOURNEYS; i++) {
      journeys.add(facade.createConsentAsync(HOLDER, "user-1"));
    }
    return journeys;
  }

  private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> calls) throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      responses.add(call.get(20, TimeUnit.SECONDS));
    }
    return responses;
  }
}
