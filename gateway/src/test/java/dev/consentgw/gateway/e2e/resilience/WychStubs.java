package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** WireMock standing in for Wych and its token endpoint: one data holder, one user, one connection. */
final class WychStubs {

  static final String PARTNER = "3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11";
  static final String APP = "9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22";
  static final String HOLDER = "c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44";
  static final String USER = "5d2c8e91-4b7a-4f36-8c19-2e6f0a9b7d33";
  static final String CONNECTION = "8f6d4b2a-9c31-4e57-b0a8-6c2e1f7d3b66";
  static final String TOKEN_PATH = "/realms/partner/protocol/openid-connect/token";
  static final String USERS_PATH = "/v3/partner/" + PARTNER + "/app/" + APP + "/user";
  /** Tokens last an hour; tests move the clock far less between journeys. */
  static final int TOKEN_SECONDS = 3600;

  private WychStubs() {
  }

  static String yaml(String baseUrl) {
    return """
        providers:
          wych:
            apiBaseUrl: "%1$s/v3"
            tokenUrl: "%1$s%2$s"
            apiKey: api-key-not-logged
            clientId: gateway-client
            clientSecret: client-secret-not-logged
            partnerId: %3$s
            appId: %4$s
        """.formatted(baseUrl, TOKEN_PATH, PARTNER, APP);
  }

  static void healthy(WireMockServer wych) {
    wych.stubFor(tokenCall().willReturn(okJson(token("service-token"))));
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("""
        [{"id": "e0a9b8c7-2f14-4d63-9e5a-7b1c6d4f2e55", "externalId": "AU_CDS", "name": "CDR", "dataHolders": [
          {"id": "%s", "name": "Wattle Sandbox Bank", "country": "AU", "connectable": true, "enabled": true,
           "permissions": {"bank:accounts.basic:read": true}}]}]""".formatted(HOLDER))));
    wych.stubFor(post(urlEqualTo(USERS_PATH)).willReturn(okJson("{\"id\": \"" + USER + "\"}")));
    wych.stubFor(userTokenCall().willReturn(okJson(token("user-token"))));
    wych.stubFor(startCall().willReturn(startAnswer()));
    wych.stubFor(post(urlEqualTo("/v3/connection/" + CONNECTION + "/authorize"))
        .willReturn(okJson("{\"uri\": \"https://auth.bank.example/authorize?request_uri=urn%3Aabc\"}")));
    wych.stubFor(readCall().willReturn(okJson("{\"id\": \"" + CONNECTION + "\", \"state\": \"PENDING\"}")));
    wych.stubFor(delete(urlEqualTo("/v3/connection/" + CONNECTION)).willReturn(aResponse().withStatus(204)));
  }

  static String token(String value) {
    return "{\"access_token\": \"" + value + "\", \"expires_in\": " + TOKEN_SECONDS + ", \"token_type\": \"Bearer\"}";
  }

  static MappingBuilder tokenCall() {
    return post(urlEqualTo(TOKEN_PATH));
  }

  static RequestPatternBuilder tokenCalls() {
    return postRequestedFor(urlEqualTo(TOKEN_PATH));
  }

  static MappingBuilder userTokenCall() {
    return post(urlPathMatching(USERS_PATH + "/[^/]+/token"));
  }

  static RequestPatternBuilder userTokenCalls() {
    return postRequestedFor(urlPathMatching(USERS_PATH + "/[^/]+/token"));
  }

  static MappingBuilder startCall() {
    return post(urlEqualTo("/v3/connection"));
  }

  static RequestPatternBuilder startCalls() {
    return postRequestedFor(urlEqualTo("/v3/connection"));
  }

  static ResponseDefinitionBuilder startAnswer() {
    return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"id\": \"" + CONNECTION + "\"}");
  }

  static RequestPatternBuilder authorizeCalls() {
    return postRequestedFor(urlEqualTo("/v3/connection/" + CONNECTION + "/authorize"));
  }

  static MappingBuilder readCall() {
    return get(urlEqualTo("/v3/connection/" + CONNECTION));
  }

  static RequestPatternBuilder readCalls() {
    return getRequestedFor(urlEqualTo("/v3/connection/" + CONNECTION));
  }
}
