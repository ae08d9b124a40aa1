package dev.consentgw.gateway.adapter.yapily;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
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
import dev.consentgw.gateway.resilience.ExchangeTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class YapilyAdapterTest {

  private static final String CONSENT_ID = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7";
  private static final String NEXT_ID = "7a1e2c3d-4b5f-4a6b-8c7d-9e0f1a2b3c4d";
  private static final String CALLBACK = "https://gateway.example/v1/callbacks/yapily?journey=J7kq2W9xT4&x=a%20b";
  private static final String NEXT_CALLBACK = "https://gateway.example/v1/callbacks/yapily?journey=N3xtLeg";
  private static final String USER = "tenant-acme:customer-0042";
  private static final String JSON = "application/json;charset=UTF-8";

  private static WireMockServer yapily;
  private static Vertx vertx;
  private static WebClient webClient;

  private final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
  private YapilyAdapter adapter;

  @BeforeAll
  static void start() {
    yapily = new WireMockServer(options().dynamicPort());
    yapily.start();
    vertx = Vertx.vertx();
    webClient = WebClient.create(vertx);
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
    adapter = adapter(Duration.ofSeconds(5));
  }

  // ------------------------------------------------------------ institutions

  @Test
  void mapsInstitutions() throws Exception {
    yapily.stubFor(get("/institutions").willReturn(ok("""
        {"meta":{"tracingId":"t1","count":3},
         "data":[
          {"id":"thistle-sandbox","name":"Thistle Bank","fullName":"Thistle Bank plc",
           "countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],
           "environmentType":"SANDBOX","credentialsType":"OPEN_BANKING_UK_AUTO",
           "media":[{"source":"https://img.example/t-icon.png","type":"icon"},{"source":"https://img.example/t-logo.png","type":"logo"}],
           "features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS","ACCOUNT_BALANCES","ACCOUNT_TRANSACTIONS","ACCOUNT_BENEFICIARIES",
                       "ACCOUNT_DIRECT_DEBITS","IDENTITY","INITIATE_DOMESTIC_SINGLE_PAYMENT"]},
          {"id":"brueckenbank-sandbox","name":"Brückenbank",
           "countries":[{"displayName":"Germany","countryCode2":"DE"}],
           "environmentType":"MOCK",
           "media":[{"source":"https://img.example/b-icon.png","type":"icon"}],
           "features":["INITIATE_PRE_AUTHORISATION","ACCOUNTS","ACCOUNT_BALANCES"]},
          {"id":"tomorrow-bank","name":"Tomorrow","environmentType":"STAGING","credentialsType":"QUANTUM",
           "features":["A_FEATURE_FROM_THE_FUTURE","ACCOUNT"],"somethingNew":{"x":1}}
         ],
         "links":{"self":"https://api.yapily.com/institutions"}}""")));

    List<Institution> institutions = await(adapter.listInstitutions());

    assertThat(institutions).extracting(Institution::id)
        .containsExactly("yapily:thistle-sandbox", "yapily:brueckenbank-sandbox", "yapily:tomorrow-bank");
    Institution thistle = institutions.get(0);
    assertThat(thistle.countries()).containsExactly("GB");
    assertThat(thistle.logoUrl()).isEqualTo("https://img.example/t-logo.png");
    assertThat(thistle.permissions()).containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL,
        Permission.BALANCES, Permission.TRANSACTIONS, Permission.PAYEES, Permission.REGULAR_PAYMENTS,
        Permission.CUSTOMER, Permission.CUSTOMER_DETAIL);
    assertThat(thistle.connectable()).isTrue();
    assertThat(thistle.environment()).isEqualTo(Environment.SANDBOX);
    assertThat(thistle.providerAttributes()).doesNotContainKey("preAuthorisation");

    Institution bruecke = institutions.get(1);
    assertThat(bruecke.logoUrl()).isEqualTo("https://img.example/b-icon.png");
    assertThat(bruecke.providerAttributes()).containsEntry("preAuthorisation", "true");
    assertThat(bruecke.connectable()).isTrue();
    assertThat(bruecke.environment()).isEqualTo(Environment.MOCK);

    Institution tomorrow = institutions.get(2);
    assertThat(tomorrow.environment()).isEqualTo(Environment.LIVE);
    assertThat(tomorrow.permissions()).containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL);
    assertThat(tomorrow.connectable()).isFalse();
    assertThat(tomorrow.logoUrl()).isNull();

    yapily.verify(1, getRequestedFor(urlEqualTo("/institutions"))
        .withBasicAuth(new BasicCredentials("app-id", "app-secret")));
    assertThat(yapily.getAllServeEvents()).hasSize(1);
    assertThat(calls).containsExactly(new UpstreamCall("yapily", null, "getInstitutions", true));
  }

  // ---------------------------------------------------------- single leg

  @Test
  void startsASingleLegJourney() throws Exception {
    yapily.stubFor(post("/account-auth-requests").willReturn(json(201, """
        {"meta":{"tracingId":"t2"},
         "data":{"id":"%s","userUuid":"3f2e1d0c-9b8a-4765-8432-10fedcba9876","applicationUserId":"%s",
                 "institutionId":"thistle-sandbox","status":"AWAITING_AUTHORIZATION","createdAt":"2025-03-01T10:15:30.120Z",
                 "featureScope":["ACCOUNTS","ACCOUNT","ACCOUNT_TRANSACTIONS","ACCOUNT_BALANCES"],
                 "authorisationUrl":"https://bank.example/auth?r=1","qrCodeUrl":"https://img.example/qr.png"}}"""
        .formatted(CONSENT_ID, USER))));

    ConsentStart start = await(adapter.startConsent(request(thistle(),
        Set.of(Permission.ACCOUNTS, Permission.BALANCES, Permission.TRANSACTIONS))));

    yapily.verify(1, postRequestedFor(urlEqualTo("/account-auth-requests"))
        .withBasicAuth(new BasicCredentials("app-id", "app-secret"))
        .withRequestBody(equalToJson("""
            {"applicationUserId":"%s","institutionId":"thistle-sandbox","callback":"%s","oneTimeToken":true,
             "forwardParameters":["journey=J7kq2W9xT4","x=a%%20b"],
             "accountRequest":{"featureScope":["ACCOUNTS","ACCOUNT","ACCOUNT_TRANSACTIONS","ACCOUNT_BALANCES"],
                               "expiresAt":"2025-06-01T00:00:00Z","transactionFrom":"2025-01-01T00:00:00Z"}}"""
            .formatted(USER, CALLBACK), false, false)));
    assertThat(yapily.getAllServeEvents()).hasSize(1);
    assertThat(start.providerConsentId()).isEqualTo(CONSENT_ID);
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).isEqualTo("https://bank.example/auth?r=1");
    assertThat(start.qrCodeUrl()).isEqualTo("https://img.example/qr.png");
    assertThat(start.providerState()).containsEntry("leg", "authorisation")
        .containsEntry("features", "ACCOUNTS,ACCOUNT,ACCOUNT_TRANSACTIONS,ACCOUNT_BALANCES");
    assertThat(calls).containsExactly(new UpstreamCall("yapily", "thistle-sandbox", "initiateAccountRequest", false));
  }

  @Test
  void requestsOnlyFeaturesTheInstitutionOffers() throws Exception {
    yapily.stubFor(post("/account-auth-requests").willReturn(json(201, awaiting(CONSENT_ID))));
    Institution harbourside = institution("harbourside-sandbox", Map.of("features", "ACCOUNTS,ACCOUNT_DIRECT_DEBITS"));

    await(adapter.startConsent(new ConsentRequest(harbourside, USER,
        Set.of(Permission.ACCOUNTS_DETAIL, Permission.REGULAR_PAYMENTS), CALLBACK, null, null)));

    yapily.verify(1, postRequestedFor(urlEqualTo("/account-auth-requests")).withRequestBody(equalToJson("""
        {"applicationUserId":"%s","institutionId":"harbourside-sandbox","callback":"%s","oneTimeToken":true,
         "forwardParameters":["journey=J7kq2W9xT4","x=a%%20b"],
         "accountRequest":{"featureScope":["ACCOUNTS","ACCOUNT_DIRECT_DEBITS"]}}""".formatted(USER, CALLBACK),
        false, false)));
  }

  @Test
  void refusesBeforeCallingWhenNothingRequestedIsOffered() {
    Institution accountsOnly = institution("harbourside-sandbox", Map.of("features", "ACCOUNTS"));

    ProviderError error = failure(adapter.startConsent(new ConsentRequest(accountsOnly, USER,
        Set.of(Permission.CUSTOMER), CALLBACK, null, null)));

    assertThat(error.kind()).isEqualTo(Kind.REJECTED);
    assertThat(yapily.getAllServeEvents()).isEmpty();
  }

  @Test
  void exchangesTheOneTimeToken() throws Exception {
    yapily.stubFor(post("/consent-one-time-token").willReturn(json(201, authorisedConsent(CONSENT_ID, "CONSENT-TOKEN-1"))));

    CallbackResult result = await(adapter.completeCallback(ref(CONSENT_ID, "authorisation"),
        new CallbackParams(Map.of("journey", "J7kq2W9xT4", "one-time-token", "ott-123")), NEXT_CALLBACK));

    yapily.verify(1, postRequestedFor(urlEqualTo("/consent-one-time-token"))
        .withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-123\"}", false, false)));
    assertThat(yapily.getAllServeEvents()).hasSize(1);
    assertThat(result.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(result.providerConsentId()).isEqualTo(CONSENT_ID);
    assertThat(result.consentToken()).isEqualTo("CONSENT-TOKEN-1");
    assertThat(result.nextAuthorisationUrl()).isNull();
    assertThat(result.errorCode()).isNull();
    assertThat(result.authorizedAt()).isEqualTo(Instant.parse("2025-03-01T10:16:05.400Z"));
    assertThat(result.expiresAt()).isEqualTo(Instant.parse("2025-05-30T10:16:05.400Z"));
    assertThat(result.toString()).doesNotContain("CONSENT-TOKEN-1");
    assertThat(calls).containsExactly(
        new UpstreamCall("yapily", "thistle-sandbox", "getConsentBySingleAccessConsent", false));
  }

  @Test
  void refusesAConsentTokenChosenByTheBrowser() throws Exception {
    CallbackResult result = await(adapter.completeCallback(ref(CONSENT_ID, "authorisation"), new CallbackParams(Map.of(
        "consent", "ATTACKER-CHOSEN", "application-user-id", USER, "institution", "thistle-sandbox")), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.FAILED);
    assertThat(result.errorCode()).isEqualTo("callback_invalid");
    assertThat(result.consentToken()).isNull();
    assertThat(yapily.getAllServeEvents()).isEmpty();
  }

  @Test
  void aDeniedAuthorisationEndsWithoutCallingYapily() throws Exception {
    CallbackResult result = await(adapter.completeCallback(ref(CONSENT_ID, "authorisation"), new CallbackParams(Map.of(
        "error", "access_denied", "error-source", "USER", "error-description", "User said no")), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(result.errorCode()).isEqualTo("access_denied");
    assertThat(result.providerConsentId()).isEqualTo(CONSENT_ID);
    assertThat(yapily.getAllServeEvents()).isEmpty();
  }

  @Test
  void aCallbackWithoutConsentOrErrorFailsTheJourney() throws Exception {
    CallbackResult result = await(adapter.completeCallback(ref(CONSENT_ID, "authorisation"),
        new CallbackParams(Map.of("journey", "J1")), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.FAILED);
    assertThat(result.errorCode()).isEqualTo("provider_error");
    assertThat(yapily.getAllServeEvents()).isEmpty();
  }

  // ------------------------------------------------------- pre-authorisation

  @Test
  void runsBothLegsOfAPreAuthorisedJourney() throws Exception {
    yapily.stubFor(post("/pre-auth-requests").willReturn(json(201, """
        {"meta":{"tracingId":"t3"},
         "data":{"id":"%s","applicationUserId":"%s","institutionId":"brueckenbank-sandbox",
                 "status":"AWAITING_PRE_AUTHORIZATION","authorisationUrl":"https://bank.example/login?s=1"}}"""
        .formatted(CONSENT_ID, USER))));
    yapily.stubFor(post("/consent-one-time-token").withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-1\"}"))
        .willReturn(json(201, """
            {"id":"%s","institutionId":"brueckenbank-sandbox","status":"PRE_AUTHORIZED","consentToken":"PRE-TOKEN"}"""
            .formatted(CONSENT_ID))));
    yapily.stubFor(put("/account-auth-requests").withHeader("consent", equalTo("PRE-TOKEN")).willReturn(json(200, """
        {"meta":{"tracingId":"t4"},
         "data":{"id":"%s","institutionId":"brueckenbank-sandbox","status":"AWAITING_AUTHORIZATION",
                 "authorisationUrl":"https://bank.example/consent?s=2"}}""".formatted(NEXT_ID))));
    yapily.stubFor(post("/consent-one-time-token").withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-2\"}"))
        .willReturn(json(201, authorisedConsent(NEXT_ID, "FINAL-TOKEN"))));
    Institution bruecke = institution("brueckenbank-sandbox",
        Map.of("preAuthorisation", "true", "features", "ACCOUNTS,ACCOUNT_TRANSACTIONS,ACCOUNT_BALANCES"));

    ConsentStart start = await(adapter.startConsent(new ConsentRequest(bruecke, USER,
        Set.of(Permission.ACCOUNTS, Permission.BALANCES), CALLBACK, null, LocalDate.parse("2025-02-01"))));

    yapily.verify(1, postRequestedFor(urlEqualTo("/pre-auth-requests")).withRequestBody(equalToJson("""
        {"applicationUserId":"%s","institutionId":"brueckenbank-sandbox","scope":"AIS","callback":"%s",
         "oneTimeToken":true,"forwardParameters":["journey=J7kq2W9xT4","x=a%%20b"]}""".formatted(USER, CALLBACK), false, false)));
    assertThat(start.providerConsentId()).isEqualTo(CONSENT_ID);
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).isEqualTo("https://bank.example/login?s=1");
    assertThat(start.providerState()).containsEntry("leg", "pre-authorisation");

    CallbackResult firstLeg = await(adapter.completeCallback(
        new ProviderConsentRef(start.providerConsentId(), "brueckenbank-sandbox", USER, start.providerState(), null),
        new CallbackParams(Map.of("journey", "J7kq2W9xT4", "one-time-token", "ott-1")), NEXT_CALLBACK));

    yapily.verify(1, putRequestedFor(urlEqualTo("/account-auth-requests"))
        .withHeader("consent", equalTo("PRE-TOKEN"))
        .withRequestBody(equalToJson("""
            {"applicationUserId":"%s","institutionId":"brueckenbank-sandbox","callback":"%s","oneTimeToken":true,
             "forwardParameters":["journey=N3xtLeg"],
             "accountRequest":{"featureScope":["ACCOUNTS","ACCOUNT_BALANCES"],"transactionFrom":"2025-02-01T00:00:00Z"}}"""
            .formatted(USER, NEXT_CALLBACK), false, false)));
    assertThat(firstLeg.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(firstLeg.providerConsentId()).isEqualTo(NEXT_ID);
    assertThat(firstLeg.nextAuthorisationUrl()).isEqualTo("https://bank.example/consent?s=2");
    assertThat(firstLeg.consentToken()).isNull();
    assertThat(firstLeg.providerState()).containsEntry("leg", "authorisation")
        .containsEntry("features", "ACCOUNTS,ACCOUNT_BALANCES");

    CallbackResult secondLeg = await(adapter.completeCallback(
        new ProviderConsentRef(firstLeg.providerConsentId(), "brueckenbank-sandbox", USER, firstLeg.providerState(), null),
        new CallbackParams(Map.of("journey", "N3xtLeg", "one-time-token", "ott-2")), null));

    assertThat(secondLeg.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(secondLeg.providerConsentId()).isEqualTo(NEXT_ID);
    assertThat(secondLeg.consentToken()).isEqualTo("FINAL-TOKEN");
    assertThat(secondLeg.nextAuthorisationUrl()).isNull();
    yapily.verify(2, postRequestedFor(urlEqualTo("/consent-one-time-token")));
    assertThat(yapily.getAllServeEvents()).hasSize(4);
    assertThat(calls).extracting(UpstreamCall::operation).containsExactly("createPreAuthorisationRequest",
        "getConsentBySingleAccessConsent", "updatePreAuthoriseAccountConsent", "getConsentBySingleAccessConsent");
    assertThat(calls).allSatisfy(call -> {
      assertThat(call.institutionId()).isEqualTo("brueckenbank-sandbox");
      assertThat(call.idempotent()).isFalse();
    });
  }

  @Test
  void aPreAuthorisationThatEndedAtTheBankEndsTheJourney() throws Exception {
    yapily.stubFor(post("/consent-one-time-token").willReturn(json(201, """
        {"id":"%s","status":"REJECTED","consentToken":"DEAD-TOKEN"}""".formatted(CONSENT_ID))));

    CallbackResult result = await(adapter.completeCallback(ref(CONSENT_ID, "pre-authorisation"),
        new CallbackParams(Map.of("one-time-token", "ott-9")), NEXT_CALLBACK));

    assertThat(result.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(result.errorCode()).isEqualTo("access_denied");
    assertThat(result.consentToken()).isNull();
    assertThat(result.nextAuthorisationUrl()).isNull();
    yapily.verify(1, postRequestedFor(urlEqualTo("/consent-one-time-token")));
    assertThat(yapily.getAllServeEvents()).hasSize(1);
  }

  // ------------------------------------------------------------------ errors

  static Stream<Arguments> errorTable() {
    String legacy424 = """
        {"error":{"code":424,"status":"FAILED_DEPENDENCY","message":"SECRET-ECHO bank said no","source":"INSTITUTION",
          "tracingId":"x","institutionError":{"errorMessage":"SECRET-ECHO","httpStatusCode":503}}}""";
    String legacyInstitutionSource = """
        {"error":{"code":500,"status":"INTERNAL_SERVER_ERROR","message":"SECRET-ECHO","source":"INSTITUTION"}}""";
    String newShapeInstitution = """
        {"error":{"tracingId":"x","code":400,"status":"BAD_REQUEST","source":"YAPILY",
          "issues":[{"type":"X","code":"Y","message":"SECRET-ECHO","institutionError":{"errorMessage":"e","httpStatusCode":400}}]}}""";
    String newShapePlain = """
        {"error":{"tracingId":"x","code":400,"status":"BAD_REQUEST","source":"YAPILY",
          "issues":[{"type":"INVALID","code":"FEATURE","parameter":"$.accountRequest","message":"SECRET-ECHO"}]}}""";
    String legacy = """
        {"error":{"code":%d,"status":"S","message":"SECRET-ECHO","source":"YAPILY"}}""";
    return Stream.of(
        Arguments.of("424 legacy with institutionError", 424, legacy424, Kind.INSTITUTION_UNAVAILABLE),
        Arguments.of("424 without body", 424, "", Kind.INSTITUTION_UNAVAILABLE),
        Arguments.of("500 with source INSTITUTION", 500, legacyInstitutionSource, Kind.INSTITUTION_UNAVAILABLE),
        Arguments.of("400 new shape, issues[].institutionError", 400, newShapeInstitution, Kind.INSTITUTION_UNAVAILABLE),
        Arguments.of("400 new shape, plain issue", 400, newShapePlain, Kind.REJECTED),
        Arguments.of("500 legacy", 500, legacy.formatted(500), Kind.UNAVAILABLE),
        Arguments.of("503 HTML", 503, "<html>SECRET-ECHO</html>", Kind.UNAVAILABLE),
        Arguments.of("401 legacy", 401, legacy.formatted(401), Kind.AUTHENTICATION),
        Arguments.of("403 legacy", 403, legacy.formatted(403), Kind.REJECTED),
        Arguments.of("404 legacy", 404, legacy.formatted(404), Kind.NOT_FOUND),
        Arguments.of("400 legacy", 400, legacy.formatted(400), Kind.REJECTED),
        Arguments.of("409 legacy", 409, legacy.formatted(409), Kind.REJECTED),
        Arguments.of("422 unexpected JSON", 422, "[1,2,{\"error\":\"SECRET-ECHO\"}]", Kind.REJECTED),
        Arguments.of("400 error not an object", 400, "{\"error\":\"SECRET-ECHO\"}", Kind.REJECTED),
        Arguments.of("201 malformed JSON", 201, "{\"meta\": SECRET-ECHO", Kind.UNAVAILABLE),
        Arguments.of("201 JSON null", 201, "null", Kind.UNAVAILABLE),
        Arguments.of("201 without authorisationUrl", 201, "{\"data\":{\"id\":\"" + CONSENT_ID + "\"}}", Kind.UNAVAILABLE));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("errorTable")
  void classifiesErrors(String name, int status, String body, Kind expected) {
    yapily.stubFor(post("/account-auth-requests").willReturn(json(status, body)));

    ProviderError error = failure(adapter.startConsent(request(thistle(), Set.of(Permission.ACCOUNTS))));

    assertThat(error.kind()).isEqualTo(expected);
    assertThat(error.provider()).isEqualTo("yapily");
    // A bank's failure is the consumer's concern and names no operation of ours; the provider's own do.
    assertThat(error.detail()).doesNotContain("SECRET-ECHO").contains(expected == Kind.INSTITUTION_UNAVAILABLE
        ? "Yapily answered " + status : "initiateAccountRequest");
    assertThat(error.institutionId()).isEqualTo(expected == Kind.INSTITUTION_UNAVAILABLE ? "thistle-sandbox" : null);
    if (status >= 300) {
      assertThat(error.upstreamStatus()).isEqualTo(status);
    }
    yapily.verify(1, postRequestedFor(urlEqualTo("/account-auth-requests")));
    assertThat(yapily.getAllServeEvents()).hasSize(1);
  }

  static Stream<Arguments> transportFaults() {
    return Stream.of(Arguments.of(Fault.CONNECTION_RESET_BY_PEER), Arguments.of(Fault.EMPTY_RESPONSE),
        Arguments.of(Fault.RANDOM_DATA_THEN_CLOSE));
  }

  @ParameterizedTest
  @MethodSource("transportFaults")
  void aBrokenConnectionIsUnavailable(Fault fault) {
    yapily.stubFor(get("/institutions").willReturn(aResponse().withFault(fault)));

    ProviderError error = failure(adapter.listInstitutions());

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.upstreamStatus()).isZero();
    yapily.verify(1, getRequestedFor(urlEqualTo("/institutions")));
  }

  @Test
  void aSilentYapilyTimesOut() {
    // Long enough to connect on a busy machine (the cap covers connecting too), far below the delay.
    adapter = adapter(Duration.ofSeconds(1));
    yapily.stubFor(get("/institutions").willReturn(ok("{\"data\":[]}").withFixedDelay(5_000)));

    ProviderError error = failure(adapter.listInstitutions());

    assertThat(error.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(error.upstreamStatus()).isZero();
    yapily.verify(1, getRequestedFor(urlEqualTo("/institutions")));
  }

  @Test
  void anUnreachableYapilyIsUnavailable() {
    YapilyAdapter unreachable = new YapilyAdapter(vertx, webClient,
        new YapilyOptions(true, "http://127.0.0.1:1", "app-id", "app-secret"), new DirectUpstreamPolicy());

    ProviderError error = failure(unreachable.listInstitutions());

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.upstreamStatus()).isZero();
  }

  // ------------------------------------------------------------ read, revoke

  @Test
  void readsAConsent() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(ok(envelope(authorisedConsent(CONSENT_ID, "T")))));

    ConsentState state = await(adapter.readConsent(ref(CONSENT_ID, "authorisation")));

    assertThat(state).as("a gateway holding no token yet takes the one read (decoupled approval)")
        .isEqualTo(new ConsentState(ConsentStatus.AUTHORIZED, Instant.parse("2025-03-01T10:16:05.400Z"),
            Instant.parse("2025-05-30T10:16:05.400Z"), null, null, false, "T"));
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
    assertThat(calls).containsExactly(new UpstreamCall("yapily", "thistle-sandbox", "getConsentById", true));
  }

  @Test
  void anUnknownStatusReadsAsUnknown() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(ok(envelope("""
        {"id":"%s","status":"SOMETHING_NEW","featureScope":["ACCOUNTS","A_NEW_FEATURE"]}""".formatted(CONSENT_ID)))));

    assertThat(await(adapter.readConsent(ref(CONSENT_ID, "authorisation"))).status()).isEqualTo(ConsentStatus.UNKNOWN);
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
  }

  @Test
  void aConsentYapilyNoLongerKnowsIsRevoked() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(json(404,
        "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"message\":\"not found\"}}")));

    assertThat(await(adapter.readConsent(ref(CONSENT_ID, "authorisation"))).status()).isEqualTo(ConsentStatus.REVOKED);
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
  }

  @Test
  void aConsentYapilyForbidsIsExpired() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(json(403,
        "{\"error\":{\"code\":403,\"status\":\"FORBIDDEN\",\"message\":\"consent no longer valid\"}}")));

    assertThat(await(adapter.readConsent(ref(CONSENT_ID, "authorisation"))).status()).isEqualTo(ConsentStatus.EXPIRED);
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
  }

  @Test
  void aFailingReadIsAFailure() {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(json(502, "")));

    assertThat(failure(adapter.readConsent(ref(CONSENT_ID, "authorisation"))).kind()).isEqualTo(Kind.UNAVAILABLE);
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
  }

  @Test
  void aConsentIdYapilyCannotHaveIsNeverSentUpstream() throws Exception {
    assertThat(await(adapter.readConsent(ref("not-a-uuid", "authorisation"))).status()).isEqualTo(ConsentStatus.REVOKED);
    await(adapter.revokeConsent(ref("not-a-uuid", "authorisation")));

    assertThat(yapily.getAllServeEvents()).isEmpty();
  }

  @Test
  void revokesWithForceDelete() throws Exception {
    yapily.stubFor(delete(urlPathEqualTo("/consents/" + CONSENT_ID)).willReturn(ok("""
        {"meta":{"tracingId":"t"},"data":{"id":"%s","deleteStatus":"SUCCESS","institutionId":"thistle-sandbox"}}"""
        .formatted(CONSENT_ID))));

    await(adapter.revokeConsent(ref(CONSENT_ID, "authorisation")));

    yapily.verify(1, deleteRequestedFor(urlEqualTo("/consents/" + CONSENT_ID + "?forceDelete=true")));
    assertThat(calls).containsExactly(new UpstreamCall("yapily", "thistle-sandbox", "delete", false));
  }

  @Test
  void revokingAConsentYapilyNoLongerKnowsSucceeds() throws Exception {
    yapily.stubFor(delete(urlPathEqualTo("/consents/" + CONSENT_ID)).willReturn(json(404,
        "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\"}}")));

    await(adapter.revokeConsent(ref(CONSENT_ID, "authorisation")));

    yapily.verify(1, deleteRequestedFor(urlPathEqualTo("/consents/" + CONSENT_ID)));
  }

  @Test
  void aFailedDeletionIsUnavailable() {
    yapily.stubFor(delete(urlPathEqualTo("/consents/" + CONSENT_ID)).willReturn(ok("""
        {"data":{"id":"%s","deleteStatus":"FAILED"}}""".formatted(CONSENT_ID))));

    assertThat(failure(adapter.revokeConsent(ref(CONSENT_ID, "authorisation"))).kind()).isEqualTo(Kind.UNAVAILABLE);
    yapily.verify(1, deleteRequestedFor(urlPathEqualTo("/consents/" + CONSENT_ID)));
  }

  // ------------------------------------------------------------------ policy

  @Test
  void aPolicyThatRefusesMeansNoUpstreamCall() {
    yapily.stubFor(any(anyUrl()).willReturn(ok("{}")));
    ProviderFailure open = new ProviderFailure(new ProviderError(Kind.UNAVAILABLE, "yapily", null, 0, "breaker open"));
    YapilyAdapter refused = new YapilyAdapter(vertx, webClient, new YapilyOptions(true, yapily.baseUrl(), "a", "b"),
        new UpstreamPolicy() {
          @Override
          public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
            return Future.failedFuture(open);
          }
        });

    assertThat(failure(refused.listInstitutions())).isSameAs(open.error());
    assertThat(failure(refused.readConsent(ref(CONSENT_ID, "authorisation")))).isSameAs(open.error());
    yapily.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void optionsNeverPrintTheSecret() {
    assertThat(new YapilyOptions(true, "https://api.yapily.com/", "app-id", "s3cr3t").toString())
        .doesNotContain("s3cr3t").contains("app-id").contains("baseUrl=https://api.yapily.com,");
  }

  // ----------------------------------------------------------------- helpers

  private YapilyAdapter adapter(Duration timeout) {
    // Production clients cap every exchange at the per-call timeout; so does this one.
    WebClient capped = ExchangeTimeout.install(WebClient.create(vertx), vertx, timeout);
    return new YapilyAdapter(vertx, capped, new YapilyOptions(true, yapily.baseUrl(), "app-id", "app-secret"),
        new UpstreamPolicy() {
          @Override
          public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
            calls.add(call);
            return new DirectUpstreamPolicy().execute(call, action);
          }
        });
  }

  private static ConsentRequest request(Institution institution, Set<Permission> permissions) {
    return new ConsentRequest(institution, USER, permissions, CALLBACK,
        Instant.parse("2025-06-01T00:00:00Z"), LocalDate.parse("2025-01-01"));
  }

  private static Institution thistle() {
    return institution("thistle-sandbox", Map.of("features",
        "ACCOUNTS,ACCOUNT,ACCOUNT_TRANSACTIONS,ACCOUNT_BALANCES,ACCOUNT_BENEFICIARIES,IDENTITY"));
  }

  private static Institution institution(String id, Map<String, String> attributes) {
    return new Institution("yapily", id, id, null, List.of("GB"), null, Set.of(Permission.ACCOUNTS), true,
        Environment.SANDBOX, attributes);
  }

  private static ProviderConsentRef ref(String consentId, String leg) {
    Map<String, String> state = new HashMap<>();
    state.put("leg", leg);
    state.put("features", "ACCOUNTS");
    return new ProviderConsentRef(consentId, "thistle-sandbox", USER, state, null);
  }

  private static String awaiting(String id) {
    return """
        {"data":{"id":"%s","status":"AWAITING_AUTHORIZATION","authorisationUrl":"https://bank.example/a"}}""".formatted(id);
  }

  private static String authorisedConsent(String id, String token) {
    return """
        {"id":"%s","userUuid":"3f2e1d0c-9b8a-4765-8432-10fedcba9876","applicationUserId":"%s",
         "institutionId":"thistle-sandbox","status":"AUTHORIZED","createdAt":"2025-03-01T10:15:30.120Z",
         "authorizedAt":"2025-03-01T10:16:05.400Z","expiresAt":"2025-05-30T10:16:05.400Z",
         "featureScope":["ACCOUNTS"],"consentToken":"%s","isDeletedByInstitution":false}""".formatted(id, USER, token);
  }

  private static String envelope(String data) {
    return "{\"meta\":{\"tracingId\":\"t\"},\"data\":" + data + "}";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
    return json(200, body);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", JSON).withBody(body);
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
