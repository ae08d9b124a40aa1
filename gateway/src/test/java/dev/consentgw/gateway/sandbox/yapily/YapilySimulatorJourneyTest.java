package dev.consentgw.gateway.sandbox.yapily;

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
import dev.consentgw.gateway.adapter.yapily.YapilyAdapter;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Yapily adapter against the simulator, mounted like the gateway mounts it, with a test acting as
 * the user's browser at the bank page.
 */
class YapilySimulatorJourneyTest {

  private static final String APP_ID = "sandbox-app";
  private static final String APP_SECRET = "sandbox-secret";
  private static final String USER = "tenant-a:customer-7";
  private static final String GATEWAY_CALLBACK = "https://gateway.test/v1/callbacks/yapily?journey=";

  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient http;
  private static String base;
  private static YapilyAdapter adapter;
  private static Map<String, Institution> institutions;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    YapilySimulator simulator = new YapilySimulator(vertx,
        new YapilySimulatorOptions(APP_ID, APP_SECRET, Duration.ofDays(90), 3));
    Router root = Router.router(vertx);
    root.route("/sandbox/yapily/*").subRouter(simulator.router().await(30, SECONDS));
    server = vertx.createHttpServer().requestHandler(root).listen(0).await(10, SECONDS);
    base = "http://localhost:" + server.actualPort() + "/sandbox/yapily";
    http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    adapter = new YapilyAdapter(vertx, http, new YapilyOptions(true, base, APP_ID, APP_SECRET), new DirectUpstreamPolicy());
    institutions = new HashMap<>();
    await(adapter.listInstitutions()).forEach(i -> institutions.put(i.providerInstitutionId(), i));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, SECONDS);
  }

  @Test
  void listsTheSandboxInstitutions() {
    assertThat(institutions).containsKeys(YapilySandboxInstitutions.THISTLE, YapilySandboxInstitutions.HARBOURSIDE,
        YapilySandboxInstitutions.FERROUS, YapilySandboxInstitutions.BRUECKENBANK);
    assertThat(institutions).hasSize(4 + 3);
    assertThat(institutions.values()).flatExtracting(Institution::countries).contains("GB", "DE");
    assertThat(institutions.values()).allSatisfy(institution -> {
      assertThat(institution.environment()).isEqualTo(Environment.SANDBOX);
      assertThat(institution.connectable()).isTrue();
    });
    assertThat(List.of(YapilySandboxInstitutions.THISTLE, YapilySandboxInstitutions.HARBOURSIDE,
        YapilySandboxInstitutions.FERROUS, YapilySandboxInstitutions.BRUECKENBANK))
        .allSatisfy(id -> assertThat(institutions.get(id).logoUrl()).startsWith("data:image/svg+xml,"));

    Institution thistle = institutions.get(YapilySandboxInstitutions.THISTLE);
    assertThat(thistle.name()).isEqualTo("Thistle Bank");
    assertThat(thistle.permissions()).containsExactlyInAnyOrder(Permission.values());
    assertThat(institutions.get(YapilySandboxInstitutions.HARBOURSIDE).permissions())
        .doesNotContain(Permission.CUSTOMER, Permission.PAYEES, Permission.REGULAR_PAYMENTS);
    Institution bruecke = institutions.get(YapilySandboxInstitutions.BRUECKENBANK);
    assertThat(bruecke.name()).isEqualTo("Brückenbank");
    assertThat(bruecke.countries()).containsExactly("DE");
    assertThat(bruecke.providerAttributes()).containsEntry("preAuthorisation", "true");
  }

  @Test
  void singleLegJourneyFromStartToRevocation() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(YapilySandboxInstitutions.THISTLE, "J-single",
        Set.of(Permission.ACCOUNTS, Permission.BALANCES, Permission.TRANSACTIONS))));
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).isEqualTo(base + "/bank/" + start.providerConsentId());

    HttpResponse<Buffer> page = await(http.getAbs(start.authorisationUrl()).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("Thistle Bank", "Your account balances", "Your transactions",
        start.authorisationUrl() + "/approve", start.authorisationUrl() + "/deny");

    HttpResponse<Buffer> approved = await(http.postAbs(start.authorisationUrl() + "/approve").send());
    assertThat(approved.statusCode()).isEqualTo(303);
    String location = approved.getHeader("location");
    assertThat(location).startsWith(GATEWAY_CALLBACK + "J-single&one-time-token=");
    Map<String, String> params = query(location);
    assertThat(params).containsOnlyKeys("journey", "one-time-token");

    ProviderConsentRef ref = ref(start.providerConsentId(), YapilySandboxInstitutions.THISTLE, start.providerState());
    CallbackResult result = await(adapter.completeCallback(ref, new CallbackParams(params), null));
    assertThat(result.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(result.providerConsentId()).isEqualTo(start.providerConsentId());
    assertThat(result.consentToken()).isNotBlank();
    assertThat(location).doesNotContain(result.consentToken());
    assertThat(result.expiresAt()).isCloseTo(Instant.now().plus(90, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));

    assertThat(failure(adapter.completeCallback(ref, new CallbackParams(params), null)).kind())
        .as("a one-time token works once").isEqualTo(Kind.REJECTED);
    assertThat(await(http.postAbs(start.authorisationUrl() + "/approve").send()).statusCode()).isEqualTo(409);

    ConsentState state = await(adapter.readConsent(ref));
    assertThat(state.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(state.authorizedAt()).isEqualTo(result.authorizedAt());

    await(adapter.revokeConsent(ref));
    assertThat(await(adapter.readConsent(ref)).status()).isEqualTo(ConsentStatus.REVOKED);
    await(adapter.revokeConsent(ref));
  }

  @Test
  void deniedJourney() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(YapilySandboxInstitutions.HARBOURSIDE, "J-deny",
        Set.of(Permission.ACCOUNTS))));

    HttpResponse<Buffer> denied = await(http.postAbs(start.authorisationUrl() + "/deny").send());

    assertThat(denied.statusCode()).isEqualTo(303);
    Map<String, String> params = query(denied.getHeader("location"));
    assertThat(params).containsEntry("journey", "J-deny").containsEntry("error", "access_denied")
        .containsEntry("error-source", "USER").containsKey("error-description");
    ProviderConsentRef ref = ref(start.providerConsentId(), YapilySandboxInstitutions.HARBOURSIDE, start.providerState());
    CallbackResult result = await(adapter.completeCallback(ref, new CallbackParams(params), null));
    assertThat(result.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(result.errorCode()).isEqualTo("access_denied");
    assertThat(await(adapter.readConsent(ref)).status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(await(http.getAbs(start.authorisationUrl()).send()).statusCode()).isEqualTo(409);
  }

  @Test
  void twoLegJourneyAtThePreAuthorisationBank() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(YapilySandboxInstitutions.BRUECKENBANK, "J-leg1",
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS))));
    assertThat(start.providerState()).containsEntry("leg", "pre-authorisation");
    assertThat(await(http.getAbs(start.authorisationUrl()).send()).bodyAsString()).contains("Brückenbank", "Confirm who you are");

    HttpResponse<Buffer> preAuthorised = await(http.postAbs(start.authorisationUrl() + "/approve").send());
    assertThat(preAuthorised.statusCode()).isEqualTo(303);
    CallbackResult firstLeg = await(adapter.completeCallback(
        ref(start.providerConsentId(), YapilySandboxInstitutions.BRUECKENBANK, start.providerState()),
        new CallbackParams(query(preAuthorised.getHeader("location"))), GATEWAY_CALLBACK + "J-leg2"));

    assertThat(firstLeg.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(firstLeg.consentToken()).isNull();
    assertThat(firstLeg.nextAuthorisationUrl()).startsWith(base + "/bank/").isNotEqualTo(start.authorisationUrl());
    assertThat(await(http.getAbs(firstLeg.nextAuthorisationUrl()).send()).bodyAsString()).contains("Your transactions");

    HttpResponse<Buffer> authorised = await(http.postAbs(firstLeg.nextAuthorisationUrl() + "/approve").send());
    assertThat(authorised.getHeader("location")).startsWith(GATEWAY_CALLBACK + "J-leg2&one-time-token=");
    ProviderConsentRef ref = ref(firstLeg.providerConsentId(), YapilySandboxInstitutions.BRUECKENBANK,
        firstLeg.providerState());
    CallbackResult secondLeg = await(adapter.completeCallback(ref,
        new CallbackParams(query(authorised.getHeader("location"))), null));

    assertThat(secondLeg.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(secondLeg.consentToken()).isNotBlank();
    assertThat(await(adapter.readConsent(ref)).status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void withoutOneTimeTokenTheCallbackCarriesTheConsentWhichTheAdapterRefuses() throws Exception {
    HttpResponse<Buffer> created = await(api(HttpMethod.POST, "/account-auth-requests").sendJsonObject(new JsonObject()
        .put("applicationUserId", USER).put("institutionId", YapilySandboxInstitutions.THISTLE)
        .put("callback", GATEWAY_CALLBACK + "J-plain")));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject data = created.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getJsonArray("featureScope")).as("defaults to what the bank offers").contains("ACCOUNTS", "IDENTITY");

    HttpResponse<Buffer> approved = await(http.postAbs(data.getString("authorisationUrl") + "/approve").send());

    Map<String, String> params = query(approved.getHeader("location"));
    assertThat(params).containsKeys("consent", "application-user-id", "user-uuid", "institution")
        .containsEntry("journey", "J-plain").containsEntry("application-user-id", USER)
        .containsEntry("user-uuid", data.getString("userUuid"))
        .containsEntry("institution", YapilySandboxInstitutions.THISTLE);
    CallbackResult result = await(adapter.completeCallback(
        ref(data.getString("id"), YapilySandboxInstitutions.THISTLE, Map.of("leg", "authorisation")),
        new CallbackParams(params), null));
    // The gateway always asks for a one-time token: a consent token in the URL is never taken.
    assertThat(result.status()).isEqualTo(ConsentStatus.FAILED);
    assertThat(result.consentToken()).isNull();
  }

  @Test
  void theFailingBankIsInstitutionUnavailable() {
    ProviderError error = failure(adapter.startConsent(request(YapilySandboxInstitutions.FERROUS, "J-ferrous",
        Set.of(Permission.ACCOUNTS))));

    assertThat(error.kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(error.institutionId()).isEqualTo(YapilySandboxInstitutions.FERROUS);
    assertThat(error.upstreamStatus()).isEqualTo(424);
  }

  @Test
  void theFailingBanksPreAuthorisationAnswersInTheNewerShape() throws Exception {
    HttpResponse<Buffer> response = await(api(HttpMethod.POST, "/pre-auth-requests").sendJsonObject(new JsonObject()
        .put("applicationUserId", "u-1").put("institutionId", YapilySandboxInstitutions.FERROUS).put("scope", "AIS")));

    assertThat(response.statusCode()).isEqualTo(424);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("source")).isEqualTo("INSTITUTION");
    assertThat(error.getJsonArray("issues").getJsonObject(0).getJsonObject("institutionError")).isNotNull();
  }

  @Test
  void unsupportedFeaturesAreNamedInIssues() throws Exception {
    HttpResponse<Buffer> response = await(api(HttpMethod.POST, "/account-auth-requests").sendJsonObject(new JsonObject()
        .put("applicationUserId", "u-1").put("institutionId", YapilySandboxInstitutions.HARBOURSIDE)
        .put("accountRequest", new JsonObject().put("featureScope", new JsonArray().add("ACCOUNTS").add("IDENTITY")))));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray issues = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("issues");
    assertThat(issues).hasSize(1);
    assertThat(issues.getJsonObject(0).getString("parameter")).isEqualTo("$.accountRequest.featureScope[1]");
  }

  @Test
  void requestsViolatingTheContractAreRejected() throws Exception {
    HttpResponse<Buffer> wrongType = await(api(HttpMethod.POST, "/account-auth-requests")
        .sendJsonObject(new JsonObject().put("applicationUserId", 42).put("institutionId", "thistle-sandbox")));
    HttpResponse<Buffer> missing = await(api(HttpMethod.POST, "/account-auth-requests")
        .sendJsonObject(new JsonObject().put("applicationUserId", "u-1")));
    HttpResponse<Buffer> notAUuid = await(api(HttpMethod.GET, "/consents/not-a-uuid").send());
    HttpResponse<Buffer> badLimit = await(api(HttpMethod.GET, "/consents?limit=ten").send());

    for (HttpResponse<Buffer> response : List.of(wrongType, missing, notAUuid, badLimit)) {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(400);
      assertThat(error.getString("status")).isEqualTo("BAD_REQUEST");
      assertThat(error.getString("message")).isNotBlank();
    }
  }

  @Test
  void pathParametersAreReadBelowTheMountPoint() throws Exception {
    HttpResponse<Buffer> unknown = await(api(HttpMethod.GET, "/consents/" + UUID.randomUUID()).send());
    HttpResponse<Buffer> institution = await(api(HttpMethod.GET, "/institutions/" + YapilySandboxInstitutions.THISTLE).send());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getInteger("code")).isEqualTo(404);
    assertThat(institution.statusCode()).isEqualTo(200);
    assertThat(institution.bodyAsJsonObject().getString("id")).isEqualTo(YapilySandboxInstitutions.THISTLE);
    assertThat(institution.bodyAsJsonObject().containsKey("data")).as("bare, no envelope").isFalse();
  }

  @Test
  void wrongCredentialsAreAnAuthenticationFailure() throws Exception {
    YapilyAdapter wrongSecret = new YapilyAdapter(vertx, http, new YapilyOptions(true, base, APP_ID, "not-the-secret"),
        new DirectUpstreamPolicy());

    ProviderError error = failure(wrongSecret.listInstitutions());
    HttpResponse<Buffer> anonymous = await(http.getAbs(base + "/institutions").send());

    assertThat(error.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(error.upstreamStatus()).isEqualTo(401);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsJsonObject().getJsonObject("error").getString("status")).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void usersAreCreatedFoundAndDeletedWithTheirConsents() throws Exception {
    String applicationUserId = "tenant-z:" + UUID.randomUUID();
    HttpResponse<Buffer> created = await(api(HttpMethod.POST, "/users")
        .sendJsonObject(new JsonObject().put("applicationUserId", applicationUserId)));
    HttpResponse<Buffer> again = await(api(HttpMethod.POST, "/users")
        .sendJsonObject(new JsonObject().put("applicationUserId", applicationUserId)));

    assertThat(created.statusCode()).isEqualTo(201);
    String uuid = created.bodyAsJsonObject().getString("uuid");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonObject("error").getInteger("code")).isEqualTo(409);

    ConsentStart start = await(adapter.startConsent(new ConsentRequest(institutions.get(YapilySandboxInstitutions.THISTLE),
        applicationUserId, Set.of(Permission.ACCOUNTS), GATEWAY_CALLBACK + "J-user", null, null)));
    JsonArray found = await(api(HttpMethod.GET, "/users").addQueryParam("filter[applicationUserId]", applicationUserId)
        .send()).bodyAsJsonArray();
    assertThat(found).hasSize(1);
    assertThat(found.getJsonObject(0).getString("uuid")).isEqualTo(uuid);
    JsonObject listed = await(api(HttpMethod.GET, "/consents").addQueryParam("filter[applicationUserId]", applicationUserId)
        .send()).bodyAsJsonObject();
    assertThat(listed.getJsonObject("meta").getInteger("count")).isEqualTo(1);
    assertThat(listed.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(start.providerConsentId());
    assertThat(await(api(HttpMethod.GET, "/consents").send()).statusCode()).as("a filter or limit is required").isEqualTo(400);

    HttpResponse<Buffer> deleted = await(api(HttpMethod.DELETE, "/users/" + uuid).send());

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject().getJsonObject("data").getJsonArray("userConsents")).hasSize(1);
    assertThat(await(adapter.readConsent(ref(start.providerConsentId(), YapilySandboxInstitutions.THISTLE,
        applicationUserId, start.providerState()))).status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Test
  void continuingOrRenewingNeedsAValidConsentToken() throws Exception {
    JsonObject body = new JsonObject().put("applicationUserId", "u-1")
        .put("institutionId", YapilySandboxInstitutions.BRUECKENBANK);
    HttpResponse<Buffer> unknownToken = await(api(HttpMethod.PUT, "/account-auth-requests")
        .putHeader("consent", "no-such-token").sendJsonObject(body));
    HttpResponse<Buffer> noHeader = await(api(HttpMethod.PUT, "/account-auth-requests").sendJsonObject(body));

    assertThat(unknownToken.statusCode()).isEqualTo(401);
    assertThat(noHeader.statusCode()).isEqualTo(400);
  }

  @Test
  void anAuthorisedConsentCanBeRenewed() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(YapilySandboxInstitutions.THISTLE, "J-renew",
        Set.of(Permission.ACCOUNTS))));
    HttpResponse<Buffer> approved = await(http.postAbs(start.authorisationUrl() + "/approve").send());
    ProviderConsentRef ref = ref(start.providerConsentId(), YapilySandboxInstitutions.THISTLE, start.providerState());
    String token = await(adapter.completeCallback(ref, new CallbackParams(query(approved.getHeader("location"))), null))
        .consentToken();

    HttpResponse<Buffer> renewal = await(api(HttpMethod.PATCH, "/account-auth-requests").putHeader("consent", token).send());

    assertThat(renewal.statusCode()).isEqualTo(201);
    JsonObject data = renewal.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("id")).isEqualTo(start.providerConsentId());
    assertThat(data.getString("status")).isEqualTo("AWAITING_RE_AUTHORIZATION");
    assertThat(data.getString("authorisationUrl")).isNotEqualTo(start.authorisationUrl());
    assertThat(await(http.postAbs(data.getString("authorisationUrl") + "/approve").send()).statusCode()).isEqualTo(303);
    assertThat(await(adapter.readConsent(ref)).status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void unknownBankPagesAreNotFound() throws Exception {
    assertThat(await(http.getAbs(base + "/bank/" + UUID.randomUUID()).send()).statusCode()).isEqualTo(404);
    assertThat(await(http.postAbs(base + "/bank/" + UUID.randomUUID() + "/approve").send()).statusCode()).isEqualTo(404);
  }

  // ----------------------------------------------------------------- helpers

  private static HttpRequest<Buffer> api(HttpMethod method, String path) {
    return http.requestAbs(method, base + path).basicAuthentication(APP_ID, APP_SECRET);
  }

  private static ConsentRequest request(String institutionId, String journey, Set<Permission> permissions) {
    return new ConsentRequest(institutions.get(institutionId), USER, permissions,
        GATEWAY_CALLBACK + journey, null, null);
  }

  private static ProviderConsentRef ref(String consentId, String institutionId, Map<String, String> state) {
    return new ProviderConsentRef(consentId, institutionId, USER, state, null);
  }

  private static ProviderConsentRef ref(String consentId, String institutionId, String user, Map<String, String> state) {
    return new ProviderConsentRef(consentId, institutionId, user, state, null);
  }

  private static Map<String, String> query(String location) {
    Map<String, String> params = new HashMap<>();
    new QueryStringDecoder(location).parameters().forEach((name, values) -> params.put(name, values.get(0)));
    return params;
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
