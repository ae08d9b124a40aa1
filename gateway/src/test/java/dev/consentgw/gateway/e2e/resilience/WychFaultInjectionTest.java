package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.consentgw.gateway.resilience.ResilientUpstreamPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The fault-injection suite against a WireMock Wych, and what only Wych does (tokens). */
class WychFaultInjectionTest extends ProviderFaultInjectionTest {

  @Override
  String provider() {
    return "wych";
  }

  @Override
  String institutionId() {
    return "wych:" + WychStubs.HOLDER;
  }

  @Override
  String providerYaml(String baseUrl) {
    return WychStubs.yaml(baseUrl) + "  yapily: {enabled: false}\n";
  }

  @Override
  void stubHealthy(WireMockServer upstream) {
    WychStubs.healthy(upstream);
  }

  @Override
  MappingBuilder startCall() {
    return WychStubs.startCall();
  }

  @Override
  RequestPatternBuilder startCalls() {
    return WychStubs.startCalls();
  }

  @Override
  ResponseDefinitionBuilder startAnswer() {
    return WychStubs.startAnswer();
  }

  @Override
  MappingBuilder readCall() {
    return WychStubs.readCall();
  }

  @Override
  RequestPatternBuilder readCalls() {
    return WychStubs.readCalls();
  }

  @Test
  void aConnectionReadAnswering404KeepsTheLastKnownStatusMarkedStale() throws Exception {
    String consentId = facade.createdConsentId(institutionId(), "user-1");
    kit.clock.advance(Duration.ofSeconds(6));
    upstream.stubFor(readCall().willReturn(aResponse().withStatus(404)));

    HttpResponse<String> read = facade.getConsent(consentId);

    // GET /connection/{id} is unverified: its 404 may mean "no such operation", never "revoked".
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject consent = new JsonObject(read.body());
    assertThat(consent.getString("status")).isEqualTo("awaiting_authorization");
    assertThat(consent.getBoolean("statusStale")).isTrue();
    assertThat(consent.containsKey("stale")).isFalse();
    upstream.verify(1, readCalls());
    assertCircuit("CLOSED", 0);
  }

  @Test
  void aRevocationAnswering404IsUnconfirmedNotDone() throws Exception {
    String consentId = facade.createdConsentId(institutionId(), "user-1");
    upstream.stubFor(delete(urlEqualTo("/v3/connection/" + WychStubs.CONNECTION))
        .willReturn(aResponse().withStatus(404)));

    HttpResponse<String> revoked = facade.revokeConsent(consentId);

    assertProblem(revoked, 502, "revocation_unconfirmed");
    assertThat(new JsonObject(revoked.body()).getString("provider")).isEqualTo("wych");
    assertThat(new JsonObject(revoked.body()).getString("detail")).contains("may still be active");
    upstream.verify(1, deleteRequestedFor(urlEqualTo("/v3/connection/" + WychStubs.CONNECTION)));
    kit.clock.advance(Duration.ofSeconds(6));
    upstream.stubFor(readCall().willReturn(okJson("{\"state\": \"PENDING\"}")));
    assertThat(new JsonObject(facade.getConsent(consentId).body()).getString("status"))
        .isEqualTo("awaiting_authorization");
  }

  @Test
  void aRefusedTokenIs502ForTheConsumerAndIsReplacedByAFreshOne() throws Exception {
    upstream.stubFor(startCall().withHeader("Authorization", equalTo("Bearer user-token"))
        .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"invalid_token\"}")));
    upstream.stubFor(WychStubs.userTokenCall().inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(WychStubs.token("fresh-user-token"))));

    HttpResponse<String> refused;
    try (LogCapture log = LogCapture.of(ResilientUpstreamPolicy.class)) {
      refused = facade.createConsent(institutionId(), "user-1");
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("ERROR wych refused the gateway's credentials on createConnection (HTTP 401)"));
    }
    HttpResponse<String> next = facade.createConsent(institutionId(), "user-1");

    assertProblem(refused, 502, "provider_unavailable");
    assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
    upstream.verify(2, startCalls());
    upstream.verify(1, WychStubs.userTokenCalls());
    upstream.verify(0, WychStubs.tokenCalls());
  }
}
