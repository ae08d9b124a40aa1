package dev.consentgw.gateway.adapter.yapily;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Yapily adapter after a consent's first authorisation: renewal ({@code PATCH
 * /account-auth-requests}), UK reconfirmation ({@code POST /consents/{id}/extend}), decoupled
 * approval, and the callback cases that must fail deliberately.
 */
class YapilyLifecycleAdapterTest {

  private static final String CONSENT_ID = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7";
  private static final String OTHER_ID = "7a1e2c3d-4b5f-4a6b-8c7d-9e0f1a2b3c4d";
  private static final String USER = "tenant-acme:customer-0042";
  private static final String TOKEN = "CONSENT-TOKEN-1";
  private static final String NEXT_CALLBACK = "https://gateway.example/v1/callbacks/yapily?journey=N3xtLeg";

  private static WireMockServer yapily;
  private static Vertx vertx;
  private final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
  private YapilyAdapter adapter;

  @BeforeAll
  static void start() {
    yapily = new WireMockServer(options().dynamicPort());
    yapily.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    yapily.stop();
    vertx.close().await(10, SECONDS);
  }

  @BeforeEach
  void reset() {
    yapily.resetAll();
    calls.clear();
    adapter = new YapilyAdapter(vertx, WebClient.create(vertx),
        new YapilyOptions(true, yapily.baseUrl(), "app-id", "app-secret"), new UpstreamPolicy() {
          @Override
          public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
            calls.add(call);
            return new DirectUpstreamPolicy().execute(call, action);
          }
        });
  }

  // ------------------------------------------------------------------ renewal

  @Test
  void aRenewalSendsTheConsentTokenWithoutBodyAndKeepsTheConsent() throws Exception {
    yapily.stubFor(patch("/account-auth-requests").willReturn(json(201, """
        {"meta":{"tracingId":"t"},"data":{"id":"%s","status":"AWAITING_RE_AUTHORIZATION",
         "authorisationUrl":"https://bank.example/renew?r=1","qrCodeUrl":"https://img.example/qr.png"}}"""
        .formatted(CONSENT_ID))));

    ConsentStart started = await(adapter.reauthoriseConsent(ref("authorisation", TOKEN)));

    yapily.verify(1, patchRequestedFor(urlEqualTo("/account-auth-requests")).withHeader("consent", equalTo(TOKEN)));
    assertThat(yapily.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEmpty();
    assertThat(started.providerConsentId()).isEqualTo(CONSENT_ID);
    assertThat(started.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(started.authorisationUrl()).isEqualTo("https://bank.example/renew?r=1");
    assertThat(started.qrCodeUrl()).isEqualTo("https://img.example/qr.png");
    assertThat(started.providerState()).containsEntry("leg", "re-authorisation").containsEntry("countries", "GB");
    assertThat(calls).containsExactly(new UpstreamCall("yapily", "thistle-sandbox", "reAuthoriseAccount", false, true));
  }

  @ParameterizedTest
  @CsvSource({
      "400, YAPILY, UNSUPPORTED",
      "400, INSTITUTION, UNSUPPORTED",
      "403, YAPILY, CONSENT_INACTIVE",
      "424, INSTITUTION, INSTITUTION_UNAVAILABLE",
      "500, YAPILY, UNAVAILABLE"})
  void renewalRefusalsAreTold(int status, String source, Kind kind) {
    yapily.stubFor(patch("/account-auth-requests").willReturn(json(status, """
        {"error":{"code":%d,"status":"X","source":"%s","message":"no"}}""".formatted(status, source))));

    ProviderError error = failure(adapter.reauthoriseConsent(ref("authorisation", TOKEN)));

    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.upstreamStatus()).isEqualTo(status);
    yapily.verify(1, patchRequestedFor(urlEqualTo("/account-auth-requests")));
  }

  @Test
  void aConsentWithoutTokenIsNotRenewedUpstream() {
    ProviderError error = failure(adapter.reauthoriseConsent(ref("authorisation", null)));

    assertThat(error.kind()).isEqualTo(Kind.CONSENT_INACTIVE);
    yapily.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void theRenewalsReturnCompletesTheSameConsentOnly() throws Exception {
    yapily.stubFor(post("/consent-one-time-token").withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-same\"}"))
        .willReturn(json(201, consent(CONSENT_ID, "AUTHORIZED", TOKEN))));
    yapily.stubFor(post("/consent-one-time-token").withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-other\"}"))
        .willReturn(json(201, consent(OTHER_ID, "AUTHORIZED", "OTHER-TOKEN"))));

    CallbackResult renewed = await(adapter.completeCallback(ref("re-authorisation", TOKEN),
        new CallbackParams(Map.of("one-time-token", "ott-same")), NEXT_CALLBACK));
    CallbackResult foreign = await(adapter.completeCallback(ref("re-authorisation", TOKEN),
        new CallbackParams(Map.of("one-time-token", "ott-other")), NEXT_CALLBACK));

    assertThat(renewed.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(renewed.consentToken()).isEqualTo(TOKEN);
    assertThat(renewed.authorizedAt()).isEqualTo(Instant.parse("2025-05-20T09:00:00Z"));
    assertThat(renewed.providerState()).containsEntry("leg", "authorisation");
    assertThat(foreign.status()).isEqualTo(ConsentStatus.FAILED);
    assertThat(foreign.errorCode()).isEqualTo("callback_invalid");
    assertThat(foreign.consentToken()).isNull();
  }

  // ---------------------------------------------------------- reconfirmation

  @Test
  void aReconfirmationReportsTheMomentAndReturnsTheNextDeadline() throws Exception {
    yapily.stubFor(post("/consents/" + CONSENT_ID + "/extend").willReturn(json(200, """
        {"meta":{"tracingId":"t"},"data":{"id":"%s","status":"AUTHORIZED",
         "lastConfirmedAt":"2025-05-25T08:30:00Z","reconfirmBy":"2025-08-23T08:30:00Z"}}""".formatted(CONSENT_ID))));

    ConsentReconfirmation done = await(adapter.reconfirmConsent(ref("authorisation", TOKEN),
        Instant.parse("2025-05-25T08:30:00Z")));

    yapily.verify(1, postRequestedFor(urlEqualTo("/consents/" + CONSENT_ID + "/extend"))
        .withRequestBody(equalToJson("{\"lastConfirmedAt\":\"2025-05-25T08:30:00Z\"}")));
    assertThat(done.lastConfirmedAt()).isEqualTo(Instant.parse("2025-05-25T08:30:00Z"));
    assertThat(done.reconfirmBy()).isEqualTo(Instant.parse("2025-08-23T08:30:00Z"));
    assertThat(calls).containsExactly(new UpstreamCall("yapily", "thistle-sandbox", "extendConsent", false));
  }

  @Test
  void aReconfirmationYapilyRefusesIsNotSupported() {
    yapily.stubFor(post("/consents/" + CONSENT_ID + "/extend").willReturn(json(400, """
        {"error":{"code":400,"status":"BAD_REQUEST","source":"YAPILY","message":"invalid consent type"}}""")));

    assertThat(failure(adapter.reconfirmConsent(ref("authorisation", TOKEN), Instant.parse("2025-05-25T08:30:00Z")))
        .kind()).isEqualTo(Kind.UNSUPPORTED);
  }

  @Test
  void aConsentOutsideTheUkIsNotReconfirmedUpstream() {
    ProviderConsentRef german = new ProviderConsentRef(CONSENT_ID, "brueckenbank-sandbox", USER,
        Map.of("leg", "authorisation", "features", "ACCOUNTS", "countries", "AT,DE"), TOKEN);

    ProviderError error = failure(adapter.reconfirmConsent(german, Instant.parse("2025-05-25T08:30:00Z")));

    assertThat(error.kind()).isEqualTo(Kind.UNSUPPORTED);
    yapily.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aConsentStartedBeforeCountriesWereRecordedLetsYapilyDecide() {
    yapily.stubFor(post("/consents/" + CONSENT_ID + "/extend").willReturn(json(400, """
        {"error":{"code":400,"status":"BAD_REQUEST","source":"YAPILY","message":"invalid consent type"}}""")));
    ProviderConsentRef older = new ProviderConsentRef(CONSENT_ID, "thistle-sandbox", USER,
        Map.of("leg", "authorisation"), TOKEN);

    assertThat(failure(adapter.reconfirmConsent(older, Instant.parse("2025-05-25T08:30:00Z"))).kind())
        .isEqualTo(Kind.UNSUPPORTED);
    yapily.verify(1, postRequestedFor(urlEqualTo("/consents/" + CONSENT_ID + "/extend")));
  }

  @Test
  void theInstitutionsCountriesTravelWithTheJourney() {
    YapilyJourneyState read = YapilyJourneyState.from(Map.of("leg", "authorisation", "countries", " GB, ,DE"));
    YapilyJourneyState none = YapilyJourneyState.from(Map.of("leg", "authorisation"));

    assertThat(read.countries()).containsExactly("DE", "GB");
    assertThat(read.toMap()).containsEntry("countries", "DE,GB");
    assertThat(read.mayBeUk()).isTrue();
    assertThat(none.countries()).isEmpty();
    assertThat(none.toMap()).doesNotContainKey("countries");
    assertThat(none.mayBeUk()).isTrue();
    assertThat(YapilyJourneyState.from(Map.of("countries", "IE")).mayBeUk()).isFalse();
    assertThat(read.withLeg("re-authorisation").reauthorisation()).isTrue();
    assertThat(read.reauthorisation()).isFalse();
  }

  // ---------------------------------------------------------------- decoupled

  @Test
  void aSecondLegApprovedInTheBankingAppContinuesWithoutAPage() throws Exception {
    yapily.stubFor(post("/consent-one-time-token").willReturn(json(201, consent(CONSENT_ID, "PRE_AUTHORIZED",
        "PRE-TOKEN"))));
    yapily.stubFor(put("/account-auth-requests").willReturn(json(200, """
        {"meta":{"tracingId":"t"},"data":{"id":"%s","status":"AWAITING_DECOUPLED_AUTHORIZATION"}}"""
        .formatted(OTHER_ID))));

    CallbackResult result = await(adapter.completeCallback(ref("pre-authorisation", null),
        new CallbackParams(Map.of("one-time-token", "ott-1")), NEXT_CALLBACK));

    assertThat(result.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(result.nextAuthorisationUrl()).isNull();
    assertThat(result.errorCode()).isNull();
    assertThat(result.providerConsentId()).isEqualTo(OTHER_ID);
    assertThat(result.providerState()).containsEntry("leg", "authorisation");
  }

  @Test
  void aConsentApprovedInTheAppHandsItsTokenOverOnTheFirstRead() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(json(200,
        "{\"data\":" + consent(CONSENT_ID, "AUTHORIZED", TOKEN) + "}")));

    ConsentState withoutToken = await(adapter.readConsent(ref("authorisation", null)));
    ConsentState withToken = await(adapter.readConsent(ref("authorisation", "HELD")));

    assertThat(withoutToken.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(withoutToken.consentToken()).isEqualTo(TOKEN);
    assertThat(withToken.consentToken()).as("a token the gateway holds is never replaced").isNull();
  }

  @Test
  void aReadDuringARenewalStaysAuthorised() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(json(200,
        "{\"data\":" + consent(CONSENT_ID, "AWAITING_RE_AUTHORIZATION", TOKEN) + "}")));

    ConsentState state = await(adapter.readConsent(ref("re-authorisation", TOKEN)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(state.consentToken()).isNull();
  }

  // ----------------------------------------------------------------- callbacks

  @Test
  void severalConsentsOnOneCallbackFailWithoutCallingYapily() throws Exception {
    CallbackParams several = new CallbackParams(Map.of("one-time-token", "ott-1"), Set.of("one-time-token"));
    CallbackParams consents = new CallbackParams(Map.of("consent", "A"), Set.of("consent"));

    CallbackResult first = await(adapter.completeCallback(ref("authorisation", null), several, NEXT_CALLBACK));
    CallbackResult second = await(adapter.completeCallback(ref("authorisation", null), consents, NEXT_CALLBACK));

    for (CallbackResult result : List.of(first, second)) {
      assertThat(result.status()).isEqualTo(ConsentStatus.FAILED);
      assertThat(result.errorCode()).isEqualTo("callback_invalid");
      assertThat(result.consentToken()).isNull();
    }
    yapily.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void forwardParametersAreTheCallbacksOwnQueryPairs() {
    assertThat(YapilyCallbacks.forwardParameters("https://gw.example/v1/callbacks/yapily?journey=abc&x=a%20b"))
        .containsExactly("journey=abc", "x=a%20b");
    assertThat(YapilyCallbacks.forwardParameters("https://gw.example/v1/callbacks/yapily?journey=abc&&"))
        .containsExactly("journey=abc");
    assertThat(YapilyCallbacks.forwardParameters("https://gw.example/v1/callbacks/yapily")).isNull();
    assertThat(YapilyCallbacks.forwardParameters("https://gw.example/v1/callbacks/yapily?")).isNull();
  }

  // ------------------------------------------------------------------ helpers

  private static ProviderConsentRef ref(String leg, String token) {
    return new ProviderConsentRef(CONSENT_ID, "thistle-sandbox", USER,
        Map.of("leg", leg, "features", "ACCOUNTS", "countries", "GB"), token);
  }

  private static String consent(String id, String status, String token) {
    return """
        {"id":"%s","applicationUserId":"%s","institutionId":"thistle-sandbox","status":"%s",
         "authorizedAt":"2025-05-20T09:00:00Z","expiresAt":"2025-08-18T09:00:00Z",
         "consentToken":"%s","isDeletedByInstitution":false}""".formatted(id, USER, status, token);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, SECONDS);
  }

  private static ProviderError failure(Future<?> future) {
    Throwable cause;
    try {
      cause = future.map(v -> (Throwable) null).otherwise(e -> e).await(10, SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the future did not complete", e);
    }
    assertThat(cause).as("the call should have failed").isInstanceOf(ProviderFailure.class);
    return ((ProviderFailure) cause).error();
  }
}
