package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection for one provider, run once per provider by a subclass: the gateway is booted once
 * for the class with the provider pointed at WireMock (a fresh WireMock state per test), and every
 * test asserts what the consumer sees (status and problem code), the breaker's state on
 * {@code /health/ready}, and exactly how many requests reached the provider.
 *
 * <p>The faults are injected into the call that starts a journey (never retried: it changes
 * something at the provider), and into the consent read (retried once: it is idempotent).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProviderFaultInjectionTest {

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  /**
   * The breaker leaves OPEN on a real timer: short, so tests wait for half-open, yet long enough for
   * the refusals a test makes right after it opened.
   */
  /** Long enough that the refusals right after opening land inside the open period on a busy machine. */
  static final Duration OPEN_FOR = Duration.ofSeconds(3);
  /** Moves the test clock past the retry budget's window and the status refresh interval. */
  static final Duration SETTLE = Duration.ofSeconds(16);
  static final int FAILURE_THRESHOLD = 5;
  /** Longer than the call timeout: the gateway must give up first. */
  private static final int SLOW_MILLIS = 4_000;
  /** A healthy answer that takes a while, well within the call timeout. */
  private static final int UNHURRIED_MILLIS = 1_500;
  private static final String USER = "user-1";

  protected WireMockServer upstream;
  protected GatewayTestKit kit;
  protected FacadeCalls facade;

  /** The provider id, e.g. {@code yapily}. */
  abstract String provider();

  /** The facade id of the institution the journeys start at. */
  abstract String institutionId();

  /** The provider's configuration, pointing it at {@code baseUrl}. */
  abstract String providerYaml(String baseUrl);

  /** Stubs everything a journey and a status read need, answering well. */
  abstract void stubHealthy(WireMockServer upstream);

  /** The call that starts a journey at the provider. */
  abstract MappingBuilder startCall();

  abstract RequestPatternBuilder startCalls();

  /** The provider's healthy answer to {@link #startCall()}. */
  abstract ResponseDefinitionBuilder startAnswer();

  /** The call that reads the started consent's status at the provider. */
  abstract MappingBuilder readCall();

  abstract RequestPatternBuilder readCalls();

  @BeforeAll
  void boot() throws Exception {
    upstream = new WireMockServer(options().dynamicPort());
    upstream.start();
    stubHealthy(upstream);
    kit = GatewayTestKit.start("""
        sandbox: {enabled: false}
        http: {requestTimeout: %s, connectTimeout: PT1S}
        catalogue: {freshFor: PT24H}
        resilience:
          retries: {backoff: PT0.01S}
          providerBreaker: {failureThreshold: %d, openFor: %s}
        """.formatted(CALL_TIMEOUT, FAILURE_THRESHOLD, OPEN_FOR) + providerYaml(upstream.baseUrl()));
    facade = new FacadeCalls(kit);
    facade.awaitCatalogue(provider(), "fresh");
  }

  @AfterAll
  void stop() throws Exception {
    kit.close();
    upstream.stop();
  }

  /**
   * Every test starts from a closed breaker with no failures counted and a fresh retry-budget
   * window, reached the way the gateway recovers by itself: the open period passes (on the
   * breaker's real timer; the test clock moves the retry budget on) and one successful journey
   * closes the breaker (or resets its count).
   */
  @BeforeEach
  void startHealthy() throws Exception {
    kit.clock.advance(SETTLE);
    facade.awaitNoOpenCircuit(provider());
    upstream.resetAll();
    stubHealthy(upstream);
    facade.createdConsentId(institutionId(), USER);
    assertThat(circuit().getString("state")).isEqualTo("CLOSED");
    assertThat(circuit().getInteger("consecutiveFailures")).isZero();
    upstream.resetRequests();
  }

  /** Retry-After is what is left of the open period in whole seconds, rounded up: 1 to {@link #OPEN_FOR}. */
  private static void assertRestOfOpenPeriod(HttpResponse<String> refused) {
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(Long.parseLong(FacadeCalls.retryAfter(refused))).as("the rest of the open period, in seconds")
        .isBetween(1L, OPEN_FOR.toSeconds());
  }

  // ---------------------------------------------------------------- the faults

  @Test
  void aFixedDelayBeyondTheCallTimeoutIsAnUpstreamTimeout() throws Exception {
    upstream.stubFor(startCall().willReturn(startAnswer().withFixedDelay(SLOW_MILLIS)));

    HttpResponse<String> response = facade.createConsent(institutionId(), USER);

    assertProblem(response, 504, "upstream_timeout");
    assertThat(new JsonObject(response.body()).getString("provider")).isEqualTo(provider());
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }

  @Test
  void aConnectionResetIsProviderUnavailable() throws Exception {
    upstream.stubFor(startCall().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }

  @Test
  void anEmptyReplyIsProviderUnavailable() throws Exception {
    upstream.stubFor(startCall().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }

  @Test
  void malformedJsonIsProviderUnavailableAndLeaksNothing() throws Exception {
    upstream.stubFor(startCall().willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"data\": {\"id\": \"secret-echo\", ")));

    HttpResponse<String> response = facade.createConsent(institutionId(), USER);

    assertProblem(response, 502, "provider_unavailable");
    assertThat(response.body()).doesNotContain("secret-echo");
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }

  @Test
  void aServerErrorStormOpensTheBreakerAfterFiveAndOnlyAProbeGetsThrough() throws Exception {
    // The gateway serves the whole class: its counters carry what earlier tests did.
    int rejectedBefore = circuit().getInteger("rejectedCalls");
    int openedBefore = circuit().getInteger("timesOpened");
    upstream.stubFor(startCall().willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));

    for (int i = 0; i < FAILURE_THRESHOLD; i++) {
      assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    }
    upstream.verify(FAILURE_THRESHOLD, startCalls());
    assertCircuit("OPEN", FAILURE_THRESHOLD);

    HttpResponse<String> refused = facade.createConsent(institutionId(), USER);
    assertProblem(refused, 503, "provider_unavailable");
    assertRestOfOpenPeriod(refused);
    assertThat(circuit().getLong("retryAfterMillis")).isBetween(0L, OPEN_FOR.toMillis());
    assertRestOfOpenPeriod(facade.createConsent(institutionId(), USER));
    upstream.verify(FAILURE_THRESHOLD, startCalls());
    assertThat(upstream.getAllServeEvents()).as("nothing at all reaches the provider while open")
        .hasSize(FAILURE_THRESHOLD);
    assertThat(circuit().getInteger("rejectedCalls")).isEqualTo(rejectedBefore + 2);

    facade.awaitCircuit(provider(), "HALF_OPEN");
    assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    upstream.verify(FAILURE_THRESHOLD + 1, startCalls());
    assertCircuit("OPEN", FAILURE_THRESHOLD + 1);
    assertRestOfOpenPeriod(facade.createConsent(institutionId(), USER));

    facade.awaitCircuit(provider(), "HALF_OPEN");
    stubHealthy(upstream);
    assertThat(facade.createConsent(institutionId(), USER).statusCode()).isEqualTo(201);
    upstream.verify(FAILURE_THRESHOLD + 2, startCalls());
    assertCircuit("CLOSED", 0);
    assertThat(circuit().getInteger("timesOpened")).isEqualTo(openedBefore + 2);
  }

  @Test
  void halfOpenLetsExactlyOneProbeThroughWhateverTheConcurrency() throws Exception {
    openTheBreaker();
    facade.awaitCircuit(provider(), "HALF_OPEN");
    upstream.resetAll();
    stubHealthy(upstream);
    upstream.stubFor(startCall().willReturn(startAnswer().withFixedDelay(UNHURRIED_MILLIS)));

    CompletableFuture<HttpResponse<String>> probe = facade.createConsentAsync(institutionId(), USER);
    await().atMost(5, TimeUnit.SECONDS).until(() -> upstream.countRequestsMatching(startCalls().build()).getCount() == 1);
    List<HttpResponse<String>> others = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> other : facade.createConsentsAtOnce(institutionId(), "other", 5)) {
      others.add(other.get(10, TimeUnit.SECONDS));
    }

    assertThat(probe.isDone()).as("the others were refused while the probe was still out").isFalse();
    for (HttpResponse<String> other : others) {
      assertProblem(other, 503, "provider_unavailable");
      assertThat(FacadeCalls.retryAfter(other)).isEqualTo("1");
    }
    assertThat(probe.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 0);
  }

  @Test
  void aSlowlyTricklingBodyIsCutOffAtTheCallTimeout() throws Exception {
    // Every chunk arrives well within the idle timeout; only the cap on the whole call stops it.
    int chunks = 20;
    upstream.stubFor(startCall().willReturn(startAnswer().withChunkedDribbleDelay(chunks, SLOW_MILLIS * 2)));

    HttpResponse<String> response = facade.createConsent(institutionId(), USER);

    assertProblem(response, 504, "upstream_timeout");
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }

  @Test
  void aFlappingUpstreamOpensOnlyOnConsecutiveFailuresAndRecoversByItself() throws Exception {
    String flapping = "flapping";
    for (int i = 0; i < 6; i++) {
      String state = i == 0 ? Scenario.STARTED : "step-" + i;
      upstream.stubFor(startCall().inScenario(flapping).whenScenarioStateIs(state)
          .willReturn(i % 2 == 0 ? aResponse().withStatus(502) : startAnswer())
          .willSetStateTo("step-" + (i + 1)));
    }
    upstream.stubFor(startCall().inScenario(flapping).whenScenarioStateIs("step-6")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(facade.createConsent(institutionId(), USER).statusCode());
    }
    assertThat(statuses).containsExactly(502, 201, 502, 201, 502, 201);
    assertCircuit("CLOSED", 0);

    for (int i = 0; i < FAILURE_THRESHOLD; i++) {
      assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    }
    assertCircuit("OPEN", FAILURE_THRESHOLD);
    assertProblem(facade.createConsent(institutionId(), USER), 503, "provider_unavailable");
    upstream.verify(6 + FAILURE_THRESHOLD, startCalls());

    facade.awaitCircuit(provider(), "HALF_OPEN");
    stubHealthy(upstream);
    assertThat(facade.createConsent(institutionId(), USER).statusCode()).isEqualTo(201);
    assertCircuit("CLOSED", 0);
    upstream.verify(6 + FAILURE_THRESHOLD + 1, startCalls());
  }

  // ---------------------------------------------------------------- reads degrade instead of failing

  @Test
  void aFailingStatusReadIsRetriedOnceThenAnsweredWithTheLastKnownStatus() throws Exception {
    String consentId = facade.createdConsentId(institutionId(), USER);
    upstream.resetRequests();
    upstream.stubFor(readCall().willReturn(aResponse().withStatus(500)));
    kit.clock.advance(Duration.ofSeconds(6));

    HttpResponse<String> read = facade.getConsent(consentId);

    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject consent = new JsonObject(read.body());
    assertThat(consent.getString("status")).isEqualTo("awaiting_authorization");
    assertThat(consent.getBoolean("stale")).isTrue();
    upstream.verify(2, readCalls());
    assertCircuit("CLOSED", 2);
    assertThat(health().getJsonObject("retryBudget").getInteger("retriesInWindow")).isEqualTo(1);
  }

  @Test
  void whileTheBreakerIsOpenReadsAnswerTheLastKnownStatusAndRevokesAre503WithoutCalling() throws Exception {
    String consentId = facade.createdConsentId(institutionId(), USER);
    openTheBreaker();
    upstream.resetRequests();
    kit.clock.advance(Duration.ofSeconds(6));

    HttpResponse<String> read = facade.getConsent(consentId);
    HttpResponse<String> revoke = facade.revokeConsent(consentId);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(read.body()).getBoolean("stale")).isTrue();
    assertProblem(revoke, 503, "provider_unavailable");
    assertThat(Integer.parseInt(FacadeCalls.retryAfter(revoke))).isBetween(1, 15);
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  void openTheBreaker() throws Exception {
    upstream.stubFor(startCall().willReturn(aResponse().withStatus(500)));
    for (int i = 0; i < FAILURE_THRESHOLD; i++) {
      assertProblem(facade.createConsent(institutionId(), USER), 502, "provider_unavailable");
    }
    assertCircuit("OPEN", FAILURE_THRESHOLD);
  }

  JsonObject health() throws Exception {
    return facade.health(provider());
  }

  JsonObject circuit() throws Exception {
    return facade.circuit(provider());
  }

  void assertCircuit(String state, int consecutiveFailures) throws Exception {
    JsonObject circuit = circuit();
    assertThat(circuit.getString("state")).as(circuit.encode()).isEqualTo(state);
    assertThat(circuit.getInteger("consecutiveFailures")).as(circuit.encode()).isEqualTo(consecutiveFailures);
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(FacadeCalls.code(response)).isEqualTo(code);
  }
}
