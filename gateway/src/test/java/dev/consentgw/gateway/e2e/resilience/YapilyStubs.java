package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** WireMock standing in for Yapily: two UK banks, single-leg journeys, one consent. */
final class YapilyStubs {

  static final String THISTLE = "thistle-sandbox";
  static final String FERROUS = "ferrous-sandbox";
  static final String CONSENT = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7";
  private static final String JSON = "application/json;charset=UTF-8";

  private YapilyStubs() {
  }

  static String yaml(String baseUrl) {
    return """
        providers:
          yapily: {baseUrl: "%s", applicationId: app-id, applicationSecret: app-secret-not-logged}
        """.formatted(baseUrl);
  }

  static void healthy(WireMockServer yapily) {
    yapily.stubFor(get("/institutions").willReturn(json(200, """
        {"meta":{"tracingId":"t1","count":2},"data":[
          {"id":"%s","name":"Thistle Bank","countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],
           "environmentType":"SANDBOX","features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS","ACCOUNT","ACCOUNT_BALANCES"]},
          {"id":"%s","name":"Ferrous Bank","countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],
           "environmentType":"SANDBOX","features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS","ACCOUNT"]}]}"""
        .formatted(THISTLE, FERROUS))));
    yapily.stubFor(startCall().willReturn(startAnswer()));
    yapily.stubFor(readCall().willReturn(json(200, """
        {"meta":{"tracingId":"t3"},"data":{"id":"%s","institutionId":"%s","status":"AWAITING_AUTHORIZATION",
         "createdAt":"2025-03-01T10:15:30.120Z"}}""".formatted(CONSENT, THISTLE))));
    yapily.stubFor(delete(urlPathEqualTo("/consents/" + CONSENT)).willReturn(json(200, """
        {"meta":{"tracingId":"t4"},"data":{"id":"%s","deleteStatus":"SUCCESS"}}""".formatted(CONSENT))));
  }

  static MappingBuilder startCall() {
    return post(urlEqualTo("/account-auth-requests"));
  }

  static MappingBuilder startCallAt(String institutionId) {
    return startCall().withRequestBody(matchingJsonPath("$.institutionId", equalTo(institutionId)));
  }

  static RequestPatternBuilder startCalls() {
    return postRequestedFor(urlEqualTo("/account-auth-requests"));
  }

  static RequestPatternBuilder startCallsAt(String institutionId) {
    return startCalls().withRequestBody(matchingJsonPath("$.institutionId", equalTo(institutionId)));
  }

  static ResponseDefinitionBuilder startAnswer() {
    return json(201, """
        {"meta":{"tracingId":"t2"},"data":{"id":"%s","status":"AWAITING_AUTHORIZATION",
         "authorisationUrl":"https://bank.example/auth?r=1"}}""".formatted(CONSENT));
  }

  /** The bank failed: Yapily's legacy error shape with an institution error, status 424. */
  static ResponseDefinitionBuilder institutionFailure() {
    return json(424, """
        {"error":{"code":424,"status":"FAILED_DEPENDENCY","message":"The institution failed","source":"INSTITUTION",
         "institutionError":{"errorMessage":"upstream bank timeout","httpStatusCode":504}}}""");
  }

  static MappingBuilder readCall() {
    return get(urlEqualTo("/consents/" + CONSENT));
  }

  static RequestPatternBuilder readCalls() {
    return getRequestedFor(urlEqualTo("/consents/" + CONSENT));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", JSON).withBody(body);
  }
}
