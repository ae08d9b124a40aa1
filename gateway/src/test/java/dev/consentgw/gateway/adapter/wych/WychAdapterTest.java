package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.TestDefaults;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import dev.consentgw.gateway.resilience.ExchangeTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Wych adapter against WireMock standing in for Wych: exact requests, call counts, failures. */
class WychAdapterTest {

  private static final String PARTNER = "3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11";
  private static final String APP = "9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22";
  private static final String HOLDER = "c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44";
  private static final String USER = "5d2c8e91-4b7a-4f36-8c19-2e6f0a9b7d33";
  private static final String CONNECTION = "8f6d4b2a-9c31-4e57-b0a8-6c2e1f7d3b66";
  private static final String API_KEY = "api-key-never-logged";
  private static final String CLIENT_SECRET = "client-secret-never-logged";
  private static final String SERVICE_TOKEN = "service-token-1";
  private static final String USER_TOKEN = "user-token-1";
  private static final String TOKEN_PATH = "/realms/partner/protocol/openid-connect/token";
  private static final String USER_PATH = "/v3/partner/" + PARTNER + "/app/" + APP + "/user";
  private static final String USER_TOKEN_PATH = USER_PATH + "/" + USER + "/token";
  private static final String CONNECTION_PATH = "/v3/connection/" + CONNECTION;
  private static final String AUTHORIZE_URI = "https://auth.bank.example/authorize?request_uri=urn%3Aabc";

  @RegisterExtension
  static WireMockExtension wych = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static Vertx vertx;
  private static WebClient webClient;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    webClient = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void listsDataHoldersOfEveryEcosystemAsInstitutions() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("""
        [
          {"id": "e0a9b8c7-2f14-4d63-9e5a-7b1c6d4f2e55", "externalId": "AU_CDS", "name": "CDR", "dataHolders": [
            {"id": "%s", "name": "Wattle Sandbox Bank", "country": "au", "connectable": true, "enabled": true,
             "logoUri": "https://logos.example.com/wattle.png", "externalId": "wattle", "brandNew": {"x": 1},
             "permissions": {"bank:accounts.basic:read": true, "bank:transactions:read": "true",
                             "bank:payees:read": false, "common:customer.basic:read": {"required": true},
                             "mystery:thing": true}},
            {"id": "4a8b2c6d-1e3f-4a5b-8c7d-9e0f1a2b3c88", "name": "Banksia Energy", "connectable": true,
             "enabled": false, "permissions": {"energy:accounts.basic:read": true, "common:customer.detail:read": true}},
            {"id": "0b6e3f1a-7c52-4d98-a3e4-9f1b2c8d6a07", "name": "Quiet Bank", "connectable": true}
          ]},
          {"id": "11111111-2f14-4d63-9e5a-7b1c6d4f2e55", "externalId": "OTHER", "dataHolders": [
            {"id": "22222222-8d25-4b9c-a6f0-3d8e5b2c1a44", "name": "Grouped Bank", "country": "NZ",
             "connectable": false, "enabled": true, "permissions": {"banking": ["bank:accounts.detail:read"]}}
          ]},
          {"id": "33333333-2f14-4d63-9e5a-7b1c6d4f2e55"}
        ]
        """.formatted(HOLDER))));

    List<Institution> institutions = await(adapter().listInstitutions());

    assertThat(institutions).hasSize(4);
    assertThat(institutions.get(0)).isEqualTo(new Institution("wych", HOLDER, "Wattle Sandbox Bank", null,
        List.of("AU"), "https://logos.example.com/wattle.png",
        Set.of(Permission.ACCOUNTS, Permission.BALANCES, Permission.TRANSACTIONS, Permission.CUSTOMER), true,
        Environment.LIVE, Map.of()));
    Institution energy = institutions.get(1);
    assertThat(energy.permissions()).containsExactly(Permission.CUSTOMER_DETAIL);
    assertThat(energy.connectable()).as("connectable but not enabled").isFalse();
    assertThat(energy.countries()).containsExactly("AU");
    assertThat(institutions.get(2).permissions()).as("no permissions published: banking and common assumed")
        .containsExactlyInAnyOrder(Permission.values());
    assertThat(institutions.get(3).permissions()).containsExactly(Permission.ACCOUNTS_DETAIL);
    assertThat(institutions.get(3).countries()).containsExactly("NZ");
    assertThat(institutions.get(3).id()).isEqualTo("wych:22222222-8d25-4b9c-a6f0-3d8e5b2c1a44");

    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("grant_type", equalTo("client_credentials"))
        .withFormParam("client_id", equalTo("gateway-client"))
        .withFormParam("client_secret", equalTo(CLIENT_SECRET))
        .withHeader("x-api-key", absent()));
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders"))
        .withHeader("x-api-key", equalTo(API_KEY))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN)));
  }

  @Test
  void startsAConsentAndReusesEverythingForTheSameUser() throws Exception {
    stubJourney();
    WychAdapter adapter = adapter();

    ConsentStart start = await(adapter.startConsent(request("tenant-a:alex",
        Set.of(Permission.TRANSACTIONS, Permission.BALANCES, Permission.ACCOUNTS))));

    assertThat(start).isEqualTo(new ConsentStart(CONNECTION, ConsentStatus.AWAITING_AUTHORIZATION, AUTHORIZE_URI,
        null, null, Map.of("userId", USER)));
    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_PATH))
        .withHeader("x-api-key", equalTo(API_KEY))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
        .withRequestBody(matchingJsonPath("$.email", matching("u-[0-9a-f]{32}@users\\.consent-gateway\\.invalid")))
        .withRequestBody(notContaining("alex")));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_TOKEN_PATH))
        .withHeader("x-api-key", equalTo(API_KEY))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN)));
    wych.verify(1, postRequestedFor(urlEqualTo("/v3/connection"))
        .withHeader("x-api-key", equalTo(API_KEY))
        .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN))
        .withRequestBody(equalToJson("""
            {"app": "%s", "dataholder": "%s", "user": "%s",
             "scopes": ["openid", "bank:accounts.basic:read", "bank:transactions:read"]}
            """.formatted(APP, HOLDER, USER))));
    wych.verify(1, postRequestedFor(urlEqualTo(CONNECTION_PATH + "/authorize"))
        .withHeader("x-api-key", equalTo(API_KEY))
        .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN)));

    await(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.CUSTOMER))));

    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));
    wych.verify(2, postRequestedFor(urlEqualTo("/v3/connection")));
    wych.verify(1, postRequestedFor(urlEqualTo("/v3/connection"))
        .withRequestBody(matchingJsonPath("$.scopes", equalToJson("[\"openid\", \"common:customer.basic:read\"]"))));
    wych.verify(2, postRequestedFor(urlEqualTo(CONNECTION_PATH + "/authorize")));
  }

  @Test
  void sendsAStablePseudonymNeverTheRealEmail() throws Exception {
    stubJourney();
    ConsentRequest alexAtTenantA = new ConsentRequest(institution(), "tenant-a:alex",
        Set.of(Permission.ACCOUNTS), "https://gw.example/cb", null, null);

    await(adapter().startConsent(alexAtTenantA));
    await(adapter().startConsent(alexAtTenantA));
    await(adapter().startConsent(request("tenant-b:alex", Set.of(Permission.ACCOUNTS))));

    List<String> emails = wych.findAll(postRequestedFor(urlEqualTo(USER_PATH))).stream()
        .map(r -> new JsonObject(r.getBodyAsString()).getString("email"))
        .toList();
    assertThat(emails).hasSize(3).doesNotContain("alex@example.com");
    assertThat(emails.get(0)).isEqualTo(emails.get(1)).isNotEqualTo(emails.get(2));
  }

  @Test
  void concurrentJourneysShareOneServiceTokenRequest() throws Exception {
    // The delay keeps the token request in flight while every journey asks for it.
    wych.stubFor(post(TOKEN_PATH).willReturn(okJson(tokenBody(SERVICE_TOKEN, 3600)).withFixedDelay(300)));
    stubUsersAndConnections();
    WychAdapter adapter = adapter();
    int journeys = 20;

    List<Future<ConsentStart>> started = new ArrayList<>();
    for (int i = 0; i < journeys; i++) {
      started.add(adapter.startConsent(request("tenant-a:user-" + i, Set.of(Permission.ACCOUNTS))));
    }
    Future.all(started).await(10, TimeUnit.SECONDS);

    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(journeys, postRequestedFor(urlEqualTo(USER_PATH)));
    wych.verify(journeys, postRequestedFor(urlEqualTo(CONNECTION_PATH + "/authorize")));
  }

  @Test
  void concurrentJourneysOfOneUserShareTheUserLookupAndUserToken() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody()).withFixedDelay(200)));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300)).withFixedDelay(200)));
    stubConnection();
    WychAdapter adapter = adapter();

    List<Future<ConsentStart>> started = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      started.add(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.ACCOUNTS))));
    }
    Future.all(started).await(10, TimeUnit.SECONDS);

    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));
    wych.verify(10, postRequestedFor(urlEqualTo("/v3/connection")));
  }

  @Test
  void cachedTokensAreRefreshedTheMarginBeforeTheyExpire() throws Exception {
    stubServiceToken(600);
    stubDataHolders();
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    WychAdapter adapter = adapter(options(), new DirectUpstreamPolicy(), clock);

    await(adapter.listInstitutions());
    clock.advance(Duration.ofSeconds(539));
    await(adapter.listInstitutions());
    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));

    clock.advance(Duration.ofSeconds(2));
    await(adapter.listInstitutions());
    wych.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(3, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void userTokenWithoutExpiryIsKeptForTheAssumedLifetime() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody())));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson("{\"access_token\": \"" + USER_TOKEN + "\"}")));
    stubConnection();
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    WychAdapter adapter = adapter(options(), new DirectUpstreamPolicy(), clock);

    await(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.ACCOUNTS))));
    clock.advance(WychTokens.ASSUMED_TOKEN_LIFETIME.minusSeconds(61));
    await(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.ACCOUNTS))));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));

    clock.advance(Duration.ofSeconds(2));
    await(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.ACCOUNTS))));
    wych.verify(2, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));
    wych.verify(1, postRequestedFor(urlEqualTo(USER_PATH)));
  }

  @Test
  void rejectedServiceTokenIsDroppedAndTheNextCallFetchesAFreshOne() throws Exception {
    wych.stubFor(post(TOKEN_PATH).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(tokenBody("revoked-token", 3600))).willSetStateTo("second"));
    wych.stubFor(post(TOKEN_PATH).inScenario("tokens").whenScenarioStateIs("second")
        .willReturn(okJson(tokenBody("fresh-token", 3600))));
    wych.stubFor(get("/v3/data-holders").withHeader("Authorization", equalTo("Bearer revoked-token"))
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\": \"invalid_token\", \"error_description\": \"Token is revoked\"}")));
    wych.stubFor(get("/v3/data-holders").withHeader("Authorization", equalTo("Bearer fresh-token"))
        .willReturn(okJson("[]")));
    WychAdapter adapter = adapter();

    Throwable first = catchThrowable(() -> await(adapter.listInstitutions()));
    List<Institution> second = await(adapter.listInstitutions());

    assertThat(error(first)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(Kind.AUTHENTICATION, 401);
    assertThat(second).isEmpty();
    wych.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(2, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void rejectedUserTokenIsDroppedButTheServiceTokenKept() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_TOKEN_PATH).inScenario("user").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(tokenBody("stale-user-token", 300))).willSetStateTo("second"));
    wych.stubFor(post(USER_TOKEN_PATH).inScenario("user").whenScenarioStateIs("second")
        .willReturn(okJson(tokenBody(USER_TOKEN, 300))));
    wych.stubFor(get(CONNECTION_PATH).withHeader("Authorization", equalTo("Bearer stale-user-token"))
        .willReturn(aResponse().withStatus(401)));
    wych.stubFor(get(CONNECTION_PATH).withHeader("Authorization", equalTo("Bearer " + USER_TOKEN))
        .willReturn(okJson("{\"id\": \"" + CONNECTION + "\", \"state\": \"ACTIVE\"}")));
    WychAdapter adapter = adapter();

    Throwable first = catchThrowable(() -> await(adapter.readConsent(ref())));
    ConsentState second = await(adapter.readConsent(ref()));

    assertThat(error(first).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(error(first).institutionId()).isNull();
    assertThat(second.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(2, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"urn:au-cds:error:cds-all:Authorisation/RevokedConsent",
      "urn:au-cds:error:cds-au:Authorisation:RevokedConsent"})
  void aCdsRevokedConsentIsARevokedConsentAndKeepsTheToken(String urn) throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"errors\": [{\"code\": \"" + urn + "\", \"title\": \"Consent Is Revoked\", \"detail\": \"x\"}]}")));
    WychAdapter adapter = adapter();

    ConsentState first = await(adapter.readConsent(ref()));
    ConsentState second = await(adapter.readConsent(ref()));

    assertThat(first).isEqualTo(new ConsentState(ConsentStatus.REVOKED, null, null));
    assertThat(second).isEqualTo(first);
    // Not the gateway's credentials: the user token is kept.
    wych.verify(1, postRequestedFor(urlEqualTo(USER_TOKEN_PATH)));
    wych.verify(2, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, REJECTED", "401, AUTHENTICATION", "403, AUTHENTICATION", "404, NOT_FOUND", "405, REJECTED",
      "409, REJECTED", "422, REJECTED", "429, UNAVAILABLE", "500, UNAVAILABLE", "502, UNAVAILABLE",
      "503, UNAVAILABLE", "504, UNAVAILABLE"})
  void classifiesUpstreamStatuses(int status, Kind kind) throws Exception {
    stubServiceToken(3600);
    wych.stubFor(get("/v3/data-holders").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\": \"echo " + CLIENT_SECRET + "\", \"error\": \"some_code\"}")));

    ProviderError error = error(catchThrowable(() -> await(adapter().listInstitutions())));

    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.upstreamStatus()).isEqualTo(status);
    assertThat(error.provider()).isEqualTo("wych");
    assertThat(error.detail()).isNotBlank().doesNotContain(CLIENT_SECRET).doesNotContain("echo");
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
  void transportFailuresAreUnavailableWithoutStatus(Fault fault) throws Exception {
    stubServiceToken(3600);
    wych.stubFor(get("/v3/data-holders").willReturn(aResponse().withFault(fault)));

    ProviderError error = error(catchThrowable(() -> await(adapter().listInstitutions())));

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.upstreamStatus()).isZero();
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void slowAnswerIsATimeout() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("[]").withFixedDelay(3000)));
    // Production clients cap every exchange at the per-call timeout; so does this one.
    WebClient capped = ExchangeTimeout.install(WebClient.create(vertx), vertx, Duration.ofSeconds(1));
    WychAdapter adapter = new WychAdapter(vertx, capped, options(), new DirectUpstreamPolicy());

    ProviderError error = error(catchThrowable(() -> await(adapter.listInstitutions())));

    assertThat(error.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(error.upstreamStatus()).isZero();
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "{\"id\": \"not-a-uuid\"}", "null", ""})
  void unreadableSuccessIsUnavailable(String body) throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody())));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300))));
    wych.stubFor(post("/v3/connection").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(body)));

    ProviderError error = error(catchThrowable(() -> await(adapter().startConsent(
        request("tenant-a:alex", Set.of(Permission.ACCOUNTS))))));

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.upstreamStatus()).isEqualTo(201);
    assertThat(error.institutionId()).isNull();
    wych.verify(1, postRequestedFor(urlEqualTo("/v3/connection")));
    wych.verify(0, postRequestedFor(urlEqualTo(CONNECTION_PATH + "/authorize")));
  }

  @Test
  void successWithoutRequiredMembersIsUnavailable() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody())));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300))));
    stubConnection();
    wych.stubFor(post(CONNECTION_PATH + "/authorize").willReturn(okJson("{\"url\": \"elsewhere\"}")));

    ProviderError error = error(catchThrowable(() -> await(adapter().startConsent(
        request("tenant-a:alex", Set.of(Permission.ACCOUNTS))))));

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.institutionId()).isNull();
    wych.verify(1, postRequestedFor(urlEqualTo(CONNECTION_PATH + "/authorize")));
  }

  @Test
  void failedTokenFetchIsNotCached() throws Exception {
    wych.stubFor(post(TOKEN_PATH).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    wych.stubFor(post(TOKEN_PATH).inScenario("flaky").whenScenarioStateIs("up")
        .willReturn(okJson(tokenBody(SERVICE_TOKEN, 3600))));
    stubDataHolders();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    WychAdapter adapter = adapter(options(), new DirectUpstreamPolicy(), clock);

    ProviderError first = error(catchThrowable(() -> await(adapter.listInstitutions())));
    clock.advance(options().tokenFailurePause());
    await(adapter.listInstitutions());

    assertThat(first.kind()).isEqualTo(Kind.UNAVAILABLE);
    wych.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void badClientCredentialsAreAnAuthenticationFailure() throws Exception {
    wych.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"error\": \"invalid_client\", \"error_description\": \"Invalid client credentials\"}")));

    ProviderError error = error(catchThrowable(() -> await(adapter().listInstitutions())));

    assertThat(error.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(error.upstreamStatus()).isEqualTo(401);
    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    wych.verify(0, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void callbackStateIsNeverTrusted() throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(okJson("{\"id\": \"" + CONNECTION + "\", \"state\": \"PENDING\"}")));

    CallbackResult result = await(adapter().completeCallback(ref(), callback("ACTIVE"), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(result.authorizedAt()).isNull();
    assertThat(result.providerConsentId()).isEqualTo(CONNECTION);
    wych.verify(1, getRequestedFor(urlEqualTo(CONNECTION_PATH))
        .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN))
        .withHeader("x-api-key", equalTo(API_KEY)));
  }

  @ParameterizedTest(name = "Wych says {0} -> {1}")
  @CsvSource({
      "'{\"state\": \"ACTIVE\"}', AUTHORIZED, ",
      "'{\"status\": \"ACTIVE\"}', AUTHORIZED, ",
      "'{\"state\": \"REJECTED\", \"status\": \"ACTIVE\"}', REJECTED, access_denied",
      "'{\"state\": \"SUSPENDED\"}', UNKNOWN, ",
      "'{}', UNKNOWN, "})
  void callbackOutcomeComesFromTheConnection(String members, ConsentStatus status, String errorCode)
      throws Exception {
    stubUserToken();
    String body = new JsonObject(members).put("id", CONNECTION).encode();
    wych.stubFor(get(CONNECTION_PATH).willReturn(okJson(body)));

    CallbackResult result = await(adapter().completeCallback(ref(), callback("PENDING"), null));

    assertThat(result.status()).isEqualTo(status);
    assertThat(result.errorCode()).isEqualTo(errorCode);
    assertThat(result.authorizedAt() != null).isEqualTo(status == ConsentStatus.AUTHORIZED);
    wych.verify(1, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @Test
  void authorisedCallbackCarriesTheConnectionsExpiry() throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(okJson("""
        {"id": "%s", "state": "ACTIVE", "expiry": "2026-03-04T01:05:09Z"}
        """.formatted(CONNECTION))));
    MutableClock clock = new MutableClock(Instant.parse("2025-03-04T01:05:09Z"));

    CallbackResult result = await(adapter(options(), new DirectUpstreamPolicy(), clock)
        .completeCallback(ref(), callback("ACTIVE"), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(result.authorizedAt()).isEqualTo(clock.instant());
    assertThat(result.expiresAt()).isEqualTo(Instant.parse("2026-03-04T01:05:09Z"));
    assertThat(result.providerState()).isEmpty();
    wych.verify(1, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 405, 501})
  void callbackFallsBackToItsStateWhenWychCannotReadConnections(int status) throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(aResponse().withStatus(status)));

    CallbackResult active = await(adapter().completeCallback(ref(), callback("ACTIVE"), null));
    CallbackResult rejected = await(adapter().completeCallback(ref(), callback("REJECTED"), null));

    assertThat(active.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(rejected.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(rejected.errorCode()).isEqualTo("access_denied");
    wych.verify(2, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @Test
  void callbackFailsWhenWychFails() throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(aResponse().withStatus(500)));

    ProviderError error = error(catchThrowable(() -> await(adapter().completeCallback(ref(), callback("ACTIVE"),
        null))));

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.institutionId()).isNull();
    wych.verify(1, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @Test
  void readsTheConnectionAndTreatsA404AsUnconfirmedNotRevoked() throws Exception {
    stubUserToken();
    wych.stubFor(get(CONNECTION_PATH).willReturn(okJson("""
        {"id": "%s", "state": "ACTIVE", "expiry": "2026-03-04T01:05:09Z", "unknown": [1, 2]}
        """.formatted(CONNECTION))));
    WychAdapter adapter = adapter();

    ConsentState active = await(adapter.readConsent(ref()));
    wych.stubFor(get(CONNECTION_PATH).willReturn(aResponse().withStatus(404)));
    ConsentState forgotten = await(adapter.readConsent(ref()));

    assertThat(active).isEqualTo(new ConsentState(ConsentStatus.AUTHORIZED, null,
        Instant.parse("2026-03-04T01:05:09Z")));
    // GET /connection/{id} is unverified: its 404 may mean "no such operation", so it confirms nothing.
    assertThat(forgotten).isEqualTo(ConsentState.unconfirmed());
    assertThat(forgotten.stale()).isTrue();
    assertThat(forgotten.status()).isEqualTo(ConsentStatus.UNKNOWN);
    wych.verify(2, getRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @Test
  void revokesWithTheUserTokenAndNeverTakesA404ForARevocation() throws Exception {
    stubUserToken();
    wych.stubFor(delete(CONNECTION_PATH).willReturn(aResponse().withStatus(204)));
    WychAdapter adapter = adapter();

    await(adapter.revokeConsent(ref()));
    wych.stubFor(delete(CONNECTION_PATH).willReturn(aResponse().withStatus(404)));
    ProviderError unconfirmed = error(catchThrowable(() -> await(adapter.revokeConsent(ref()))));
    wych.stubFor(delete(CONNECTION_PATH).willReturn(aResponse().withStatus(500)));
    ProviderError failed = error(catchThrowable(() -> await(adapter.revokeConsent(ref()))));

    // DELETE /connection/{id} is unverified: a 404 is "unconfirmed" (the port's NOT_FOUND), not a success.
    assertThat(unconfirmed.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(failed.kind()).isEqualTo(Kind.UNAVAILABLE);
    wych.verify(3, deleteRequestedFor(urlEqualTo(CONNECTION_PATH))
        .withHeader("Authorization", equalTo("Bearer " + USER_TOKEN)));
  }

  @Test
  void findsTheUserAgainWhenTheStoredStateLacksIt() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody())));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300))));
    wych.stubFor(delete(CONNECTION_PATH).willReturn(aResponse().withStatus(204)));

    await(adapter().revokeConsent(new ProviderConsentRef(CONNECTION, HOLDER, "tenant-a:alex", Map.of(), null)));

    wych.verify(1, postRequestedFor(urlEqualTo(USER_PATH)));
    wych.verify(1, deleteRequestedFor(urlEqualTo(CONNECTION_PATH)));
  }

  @Test
  void malformedIdsFailBeforeAnyUpstreamCall() throws Exception {
    WychAdapter adapter = adapter();

    ProviderError holder = error(catchThrowable(() -> await(adapter.startConsent(new ConsentRequest(new Institution(
        "wych", "not-a-uuid", "X", null, List.of("AU"), null, Set.of(), true, Environment.LIVE, Map.of()),
        "tenant-a:alex", Set.of(Permission.ACCOUNTS), "https://gw.example/cb", null, null)))));
    ProviderError connection = error(catchThrowable(() -> await(adapter.readConsent(
        new ProviderConsentRef("nope", HOLDER, "tenant-a:alex", Map.of("userId", USER), null)))));

    assertThat(holder.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(connection.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(wych.getAllServeEvents()).isEmpty();
  }

  @Test
  void everyUpstreamCallGoesThroughThePolicy() throws Exception {
    stubJourney();
    RecordingPolicy policy = new RecordingPolicy();
    WychAdapter adapter = adapter(options(), policy, null);

    await(adapter.startConsent(request("tenant-a:alex", Set.of(Permission.ACCOUNTS))));

    assertThat(policy.calls).containsExactly(
        new UpstreamCall("wych", null, "requestToken", true),
        new UpstreamCall("wych", null, "findOrCreateUser", true),
        new UpstreamCall("wych", null, "createUserToken", true),
        new UpstreamCall("wych", HOLDER, "createConnection", false),
        new UpstreamCall("wych", HOLDER, "authorizeConnection", false));
    assertThat(wych.getAllServeEvents()).hasSize(policy.calls.size());
  }

  @Test
  void policyOnlySeesClassifiedFailures() throws Exception {
    stubServiceToken(3600);
    wych.stubFor(get("/v3/data-holders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    RecordingPolicy policy = new RecordingPolicy();

    catchThrowable(() -> await(adapter(options(), policy, null).listInstitutions()));

    assertThat(policy.failures).singleElement().isInstanceOf(ProviderFailure.class);
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders")));
  }

  @Test
  void optionsNeverPrintSecrets() {
    String printed = options().toString();

    assertThat(printed).doesNotContain(API_KEY).doesNotContain(CLIENT_SECRET).contains("gateway-client");
  }

  /** Records what the adapter hands the policy, then runs the call. */
  private static final class RecordingPolicy implements UpstreamPolicy {

    final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
      calls.add(call);
      return action.get().onFailure(failures::add);
    }
  }

  private static WychAdapter adapter() {
    return adapter(options(), new DirectUpstreamPolicy(), null);
  }

  private static WychAdapter adapter(WychOptions options, UpstreamPolicy policy, MutableClock clock) {
    return clock == null
        ? new WychAdapter(vertx, webClient, options, policy)
        : new WychAdapter(vertx, webClient, options, Environment.LIVE, policy, clock);
  }

  /** The documented defaults (a 60 s token refresh margin), pointed at the WireMock Wych. */
  private static WychOptions options() {
    return TestDefaults.config().providers().wych().toward(wych.baseUrl() + "/v3", wych.baseUrl() + TOKEN_PATH,
        API_KEY, "gateway-client", CLIENT_SECRET, PARTNER, APP);
  }

  private static Institution institution() {
    return new Institution("wych", HOLDER, "Wattle Sandbox Bank", null, List.of("AU"), null,
        Set.of(Permission.values()), true, Environment.LIVE, Map.of());
  }

  private static ConsentRequest request(String userReference, Set<Permission> permissions) {
    return new ConsentRequest(institution(), userReference, permissions,
        "https://gw.example/v1/callbacks/wych?journey=ignored", null, null);
  }

  private static ProviderConsentRef ref() {
    return new ProviderConsentRef(CONNECTION, HOLDER, "tenant-a:alex", Map.of("userId", USER), null);
  }

  private static CallbackParams callback(String state) {
    return new CallbackParams(Map.of("connection", CONNECTION, "state", state, "user", USER));
  }

  private static void stubServiceToken(int expiresIn) {
    wych.stubFor(post(TOKEN_PATH).willReturn(okJson(tokenBody(SERVICE_TOKEN, expiresIn))));
  }

  private static void stubUserToken() {
    stubServiceToken(3600);
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300))));
  }

  private static void stubDataHolders() {
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("[]")));
  }

  private static void stubJourney() {
    stubServiceToken(3600);
    stubUsersAndConnections();
  }

  private static void stubUsersAndConnections() {
    wych.stubFor(post(USER_PATH).willReturn(okJson(userBody())));
    wych.stubFor(post(USER_TOKEN_PATH).willReturn(okJson(tokenBody(USER_TOKEN, 300))));
    stubConnection();
  }

  private static void stubConnection() {
    wych.stubFor(post("/v3/connection").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + CONNECTION + "\"}")));
    wych.stubFor(post(CONNECTION_PATH + "/authorize").willReturn(okJson("{\"uri\": \"" + AUTHORIZE_URI + "\"}")));
  }

  private static String userBody() {
    return "{\"id\": \"" + USER + "\", \"email\": \"whatever@users.consent-gateway.invalid\"}";
  }

  private static String tokenBody(String token, int expiresIn) {
    return "{\"access_token\": \"" + token + "\", \"expires_in\": " + expiresIn
        + ", \"token_type\": \"Bearer\", \"not-before-policy\": 0}";
  }

  private static ProviderError error(Throwable failure) {
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return ((ProviderFailure) failure).error();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }
}
