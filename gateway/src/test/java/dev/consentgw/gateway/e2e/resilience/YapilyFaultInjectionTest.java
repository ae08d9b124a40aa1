package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.consentgw.gateway.resilience.ResilientUpstreamPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault-injection suite against a WireMock Yapily, and what only Yapily does. */
class YapilyFaultInjectionTest extends ProviderFaultInjectionTest {

  @Override
  String provider() {
    return "yapily";
  }

  @Override
  String institutionId() {
    return "yapily:" + YapilyStubs.THISTLE;
  }

  @Override
  String providerYaml(String baseUrl) {
    return YapilyStubs.yaml(baseUrl) + "  wych: {enabled: false}\n";
  }

  @Override
  void stubHealthy(WireMockServer upstream) {
    YapilyStubs.healthy(upstream);
  }

  @Override
  MappingBuilder startCall() {
    return YapilyStubs.startCall();
  }

  @Override
  RequestPatternBuilder startCalls() {
    return YapilyStubs.startCalls();
  }

  @Override
  ResponseDefinitionBuilder startAnswer() {
    return YapilyStubs.startAnswer();
  }

  @Override
  MappingBuilder readCall() {
    return YapilyStubs.readCall();
  }

  @Override
  RequestPatternBuilder readCalls() {
    return YapilyStubs.readCalls();
  }

  @Test
  void aConsentYapilyNoLongerKnowsIsRevokedAndOneItCallsInvalidIsExpired() throws Exception {
    String deleted = facade.createdConsentId(institutionId(), "user-2");
    String invalid = facade.createdConsentId(institutionId(), "user-3");
    kit.clock.advance(Duration.ofSeconds(6));

    upstream.stubFor(readCall().willReturn(YapilyStubs.json(404,
        "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"message\":\"Consent not found\",\"source\":\"YAPILY\"}}")));
    HttpResponse<String> first = facade.getConsent(deleted);
    upstream.stubFor(readCall().willReturn(YapilyStubs.json(403,
        "{\"error\":{\"code\":403,\"status\":\"FORBIDDEN\",\"message\":\"Consent is no longer valid\"}}")));
    HttpResponse<String> second = facade.getConsent(invalid);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(first.body()).getString("status")).isEqualTo("revoked");
    assertThat(new JsonObject(first.body()).containsKey("stale")).isFalse();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(second.body()).getString("status")).isEqualTo("expired");
    upstream.verify(2, readCalls());
    assertCircuit("CLOSED", 0);
  }

  @Test
  void refusedCredentialsAre502ForTheConsumerAndAnErrorForTheOperator() throws Exception {
    upstream.stubFor(startCall().willReturn(YapilyStubs.json(401,
        "{\"error\":{\"code\":401,\"status\":\"UNAUTHORIZED\",\"message\":\"Invalid credentials app-secret\"}}")));

    HttpResponse<String> response;
    try (LogCapture log = LogCapture.of(ResilientUpstreamPolicy.class)) {
      response = facade.createConsent(institutionId(), "user-1");
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("ERROR yapily refused the gateway's credentials on initiateAccountRequest (HTTP 401)")
          .contains("check providers.yapily"));
    }

    assertProblem(response, 502, "provider_unavailable");
    assertThat(response.body()).doesNotContain("app-secret");
    upstream.verify(1, startCalls());
    assertCircuit("CLOSED", 1);
  }
}
