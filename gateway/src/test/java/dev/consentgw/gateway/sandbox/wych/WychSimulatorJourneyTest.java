package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.TestDefaults;
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
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.adapter.wych.WychAdapter;
import dev.consentgw.gateway.adapter.wych.WychOptions;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Wych adapter against the Wych simulator, mounted as the gateway mounts it: whole journeys,
 * the simulated bank's approve and deny, and the simulator's checks (contract, credentials).
 */
class WychSimulatorJourneyTest {

  private static final String MOUNT = "/sandbox/wych";
  private static final String CALLBACK = "https://gateway.example/v1/callbacks/wych";

  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient client;
  private static MutableClock simulatorClock;
  private static String base;
  private static WychAdapter adapter;

  @BeforeAll
  static void boot() throws Exception {
    vertx = Vertx.vertx();
    simulatorClock = new MutableClock(Instant.now());
    WychSimulator simulator = new WychSimulator(vertx, WychSimulatorOptions.sandbox(CALLBACK), simulatorClock);
    Router root = Router.router(vertx);
    root.route(MOUNT + "/*").subRouter(await(simulator.router()));
    server = await(vertx.createHttpServer().requestHandler(root).listen(0));
    base = "http://localhost:" + server.actualPort() + MOUNT;
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    adapter = sandboxAdapter(options(WychSimulatorOptions.SANDBOX_CLIENT_SECRET));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void listsTheSandboxCatalogue() throws Exception {
    Map<String, Institution> byId = new HashMap<>();
    await(adapter.listInstitutions()).forEach(i -> byId.put(i.providerInstitutionId(), i));

    assertThat(byId).hasSizeGreaterThanOrEqualTo(4);
    Institution kookaburra = byId.get(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK);
    assertThat(kookaburra.name()).isEqualTo("Kookaburra Mutual Bank");
    assertThat(kookaburra.connectable()).isTrue();
    assertThat(kookaburra.environment()).isEqualTo(Environment.SANDBOX);
    assertThat(kookaburra.countries()).containsExactly("AU");
    assertThat(kookaburra.permissions()).containsExactlyInAnyOrder(Permission.values());
    assertThat(byId.get(WychSandboxCatalogue.BANKSIA_CREDIT_UNION).permissions()).containsExactlyInAnyOrder(
        Permission.ACCOUNTS, Permission.BALANCES, Permission.ACCOUNTS_DETAIL, Permission.TRANSACTIONS,
        Permission.CUSTOMER);
    assertThat(byId.get(WychSandboxCatalogue.WATTLE_SAVINGS).connectable()).isFalse();
    Institution energy = byId.get(WychSandboxCatalogue.SOUTHERN_CROSS_ENERGY);
    assertThat(energy.name()).isEqualTo("Southern Cross Energy");
    assertThat(energy.connectable()).isTrue();
    assertThat(energy.permissions()).containsExactlyInAnyOrder(Permission.CUSTOMER, Permission.CUSTOMER_DETAIL);
  }

  @Test
  void approvedJourneyIsAuthorizedUntilRevoked() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "alex",
        Set.of(Permission.ACCOUNTS, Permission.BALANCES, Permission.TRANSACTIONS))));
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).isEqualTo(base + "/bank/" + start.providerConsentId());

    HttpResponse<Buffer> page = await(client.getAbs(start.authorisationUrl()).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("Kookaburra Mutual Bank", "Approve", "Deny",
        "Account name, type and balance", "Transaction details", start.authorisationUrl() + "/approve");

    HttpResponse<Buffer> approved = await(client.postAbs(start.authorisationUrl() + "/approve").send());
    assertThat(approved.statusCode()).isEqualTo(303);
    Map<String, String> callback = callbackParams(approved.getHeader("Location"));
    assertThat(callback).containsExactlyInAnyOrderEntriesOf(Map.of(
        "connection", start.providerConsentId(),
        "state", "ACTIVE",
        "user", start.providerState().get("userId")));

    ProviderConsentRef ref = ref(start, "alex");
    assertThat(adapter.correlationId(new CallbackParams(callback))).contains(start.providerConsentId());
    CallbackResult result = await(adapter.completeCallback(ref, new CallbackParams(callback), null));
    assertThat(result.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(result.authorizedAt()).isNotNull();
    assertThat(result.errorCode()).isNull();

    ConsentState read = await(adapter.readConsent(ref));
    assertThat(read.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(read.expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(300)));

    HttpResponse<Buffer> again = await(client.postAbs(start.authorisationUrl() + "/deny").send());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsString()).contains("already decided");

    await(adapter.revokeConsent(ref));
    assertThat(await(adapter.readConsent(ref)).status()).isEqualTo(ConsentStatus.REVOKED);
    await(adapter.revokeConsent(ref));
  }

  @Test
  void deniedJourneyIsRejected() throws Exception {
    ConsentStart start = await(adapter.startConsent(request(WychSandboxCatalogue.BANKSIA_CREDIT_UNION, "sam",
        Set.of(Permission.ACCOUNTS_DETAIL, Permission.CUSTOMER))));

    HttpResponse<Buffer> denied = await(client.postAbs(start.authorisationUrl() + "/deny").send());

    assertThat(denied.statusCode()).isEqualTo(303);
    Map<String, String> callback = callbackParams(denied.getHeader("Location"));
    assertThat(callback).containsEntry("state", "REJECTED").containsEntry("connection", start.providerConsentId());
    CallbackResult result = await(adapter.completeCallback(ref(start, "sam"), new CallbackParams(callback), null));
    assertThat(result.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(result.errorCode()).isEqualTo("access_denied");
    assertThat(result.authorizedAt()).isNull();
  }

  @Test
  void sameUserReferenceIsTheSameWychUserAndAnotherIsNot() throws Exception {
    ConsentStart first = await(adapter.startConsent(request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "kim",
        Set.of(Permission.PAYEES))));
    // A second adapter has no cache: the simulator's find-or-create must return the same user.
    WychAdapter fresh = sandboxAdapter(options(WychSimulatorOptions.SANDBOX_CLIENT_SECRET));
    ConsentStart second = await(fresh.startConsent(request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "kim",
        Set.of(Permission.REGULAR_PAYMENTS))));
    ConsentStart other = await(fresh.startConsent(request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "tenant-b:kim",
        Set.of(Permission.PAYEES))));

    assertThat(second.providerState()).isEqualTo(first.providerState());
    assertThat(other.providerState().get("userId")).isNotEqualTo(first.providerState().get("userId"));
    assertThat(second.providerConsentId()).isNotEqualTo(first.providerConsentId());
  }

  @Test
  void unknownAndDecidedBankPagesAreHtmlErrors() throws Exception {
    HttpResponse<Buffer> unknown = await(client.getAbs(base + "/bank/" + UUID.randomUUID()).send());
    HttpResponse<Buffer> malformed = await(client.postAbs(base + "/bank/not-a-uuid/approve").send());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.getHeader("Content-Type")).startsWith("text/html");
    assertThat(malformed.statusCode()).isEqualTo(404);
  }

  @Test
  void rejectsWhatTheDataHolderCannotDo() throws Exception {
    Throwable notConnectable = catchThrowable(() -> await(adapter.startConsent(
        request(WychSandboxCatalogue.WATTLE_SAVINGS, "alex", Set.of(Permission.ACCOUNTS)))));
    Throwable notOffered = catchThrowable(() -> await(adapter.startConsent(
        request(WychSandboxCatalogue.SOUTHERN_CROSS_ENERGY, "alex", Set.of(Permission.TRANSACTIONS)))));
    Throwable unknownHolder = catchThrowable(() -> await(adapter.startConsent(
        request(UUID.randomUUID().toString(), "alex", Set.of(Permission.ACCOUNTS)))));

    assertThat(error(notConnectable)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(ProviderError.Kind.REJECTED, 400);
    assertThat(error(notOffered)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(ProviderError.Kind.REJECTED, 400);
    assertThat(error(unknownHolder)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(ProviderError.Kind.NOT_FOUND, 404);
  }

  @Test
  void requestsThatViolateTheContractAreRejectedWith400() throws Exception {
    String service = serviceToken();
    JsonObject user = await(api(client.postAbs(base + "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID
        + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/user"), service)
        .sendJsonObject(new JsonObject().put("email", "contract@users.consent-gateway.invalid"))).bodyAsJsonObject();
    String userToken = await(api(client.postAbs(base + "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID
        + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/user/" + user.getString("id") + "/token"), service)
        .send()).bodyAsJsonObject().getString("access_token");
    JsonObject connection = new JsonObject()
        .put("app", WychSimulatorOptions.SANDBOX_APP_ID)
        .put("dataholder", WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK)
        .put("user", user.getString("id"));

    HttpResponse<Buffer> noOpenid = await(api(client.postAbs(base + "/v3/connection"), userToken)
        .sendJsonObject(connection.copy().put("scopes", new JsonArray().add("bank:accounts.basic:read"))));
    HttpResponse<Buffer> unknownMember = await(api(client.postAbs(base + "/v3/connection"), userToken)
        .sendJsonObject(connection.copy().put("scopes", new JsonArray().add("openid")).put("extra", 1)));
    HttpResponse<Buffer> badUuid = await(api(client.getAbs(base + "/v3/connection/not-a-uuid"), userToken).send());
    HttpResponse<Buffer> badEmail = await(api(client.postAbs(base + "/v3/partner/"
        + WychSimulatorOptions.SANDBOX_PARTNER_ID + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/user"), service)
        .sendJsonObject(new JsonObject().put("email", "not an email")));

    for (HttpResponse<Buffer> response : List.of(noOpenid, unknownMember, badUuid, badEmail)) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getInteger("statusCode")).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("message")).isNotBlank();
    }
    assertThat(noOpenid.bodyAsJsonObject().getString("message")).contains("openid");
  }

  @Test
  void adapterMapsAContractViolationToRejected() throws Exception {
    // A domain with a space makes the pseudonymous email invalid against wych.yaml's format: email.
    WychOptions broken = new WychOptions(true, base + "/v3", base + "/auth/token",
        WychSimulatorOptions.SANDBOX_API_KEY, WychSimulatorOptions.SANDBOX_CLIENT_ID,
        WychSimulatorOptions.SANDBOX_CLIENT_SECRET, WychSimulatorOptions.SANDBOX_PARTNER_ID,
        WychSimulatorOptions.SANDBOX_APP_ID, "not a domain", Duration.ofSeconds(60), Duration.ZERO, "");
    WychAdapter adapterWithBadEmails = sandboxAdapter(broken);

    Throwable failure = catchThrowable(() -> await(adapterWithBadEmails.startConsent(
        request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "alex", Set.of(Permission.ACCOUNTS)))));

    assertThat(error(failure)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(ProviderError.Kind.REJECTED, 400);
  }

  @Test
  void wrongClientSecretIsAnAuthenticationFailure() throws Exception {
    WychAdapter wrong = sandboxAdapter(options("not-the-secret"));

    Throwable failure = catchThrowable(() -> await(wrong.listInstitutions()));

    assertThat(error(failure)).extracting(ProviderError::kind, ProviderError::upstreamStatus)
        .containsExactly(ProviderError.Kind.AUTHENTICATION, 401);
    assertThat(error(failure).detail()).doesNotContain("not-the-secret");
    HttpResponse<Buffer> raw = await(client.postAbs(base + "/auth/token").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials").add("client_id", WychSimulatorOptions.SANDBOX_CLIENT_ID)
        .add("client_secret", "not-the-secret")));
    assertThat(raw.statusCode()).isEqualTo(401);
    assertThat(raw.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client");
    HttpResponse<Buffer> missing = await(client.postAbs(base + "/auth/token").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void checksApiKeyTokenKindAndExpiry() throws Exception {
    String service = serviceToken();
    String dataHolders = base + "/v3/data-holders";

    HttpResponse<Buffer> ok = await(api(client.getAbs(dataHolders), service).send());
    HttpResponse<Buffer> noKey = await(client.getAbs(dataHolders).bearerTokenAuthentication(service).send());
    HttpResponse<Buffer> noToken = await(client.getAbs(dataHolders).putHeader("x-api-key",
        WychSimulatorOptions.SANDBOX_API_KEY).send());
    HttpResponse<Buffer> unknownToken = await(api(client.getAbs(dataHolders), "forged").send());
    HttpResponse<Buffer> serviceOnConnection = await(api(client.getAbs(base + "/v3/connection/"
        + UUID.randomUUID()), service).send());
    HttpResponse<Buffer> unknownPath = await(api(client.getAbs(base + "/v3/nothing-here"), service).send());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonArray().getJsonObject(0).getString("externalId")).isEqualTo("AU_CDS");
    assertThat(List.of(noKey.statusCode(), noToken.statusCode(), unknownToken.statusCode())).containsOnly(401);
    assertThat(unknownToken.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
    assertThat(serviceOnConnection.statusCode()).isEqualTo(403);
    assertThat(unknownPath.statusCode()).isEqualTo(404);

    simulatorClock.advance(WychSimulatorOptions.DEFAULT_TOKEN_LIFETIME.plusSeconds(1));
    try {
      HttpResponse<Buffer> expired = await(api(client.getAbs(dataHolders), service).send());
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.bodyAsJsonObject().getString("error_description")).isEqualTo("Token is expired");
    } finally {
      simulatorClock.advance(WychSimulatorOptions.DEFAULT_TOKEN_LIFETIME.plusSeconds(1).negated());
    }
  }

  @Test
  void userTokenOnlyReachesItsOwnConnections() throws Exception {
    ConsentStart alex = await(adapter.startConsent(request(WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK, "owner",
        Set.of(Permission.ACCOUNTS))));
    String service = serviceToken();
    String intruder = await(api(client.postAbs(base + "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID
        + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/user"), service)
        .sendJsonObject(new JsonObject().put("email", "intruder@users.consent-gateway.invalid")))
        .bodyAsJsonObject().getString("id");
    String intruderToken = await(api(client.postAbs(base + "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID
        + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/user/" + intruder + "/token"), service)
        .send()).bodyAsJsonObject().getString("access_token");

    HttpResponse<Buffer> read = await(api(client.getAbs(base + "/v3/connection/" + alex.providerConsentId()),
        intruderToken).send());
    HttpResponse<Buffer> users = await(api(client.getAbs(base + "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID
        + "/app/" + WychSimulatorOptions.SANDBOX_APP_ID + "/users"), service).send());

    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.bodyAsJsonArray().stream().map(u -> ((JsonObject) u).getString("id")))
        .contains(intruder, alex.providerState().get("userId"));
  }

  @Test
  void thousandsOfExtraDataHoldersAreCheap() throws Exception {
    long started = System.nanoTime();
    WychSimulator big = new WychSimulator(vertx, new WychSimulatorOptions(WychSimulatorOptions.SANDBOX_API_KEY,
        WychSimulatorOptions.SANDBOX_CLIENT_ID, WychSimulatorOptions.SANDBOX_CLIENT_SECRET,
        WychSimulatorOptions.SANDBOX_PARTNER_ID, WychSimulatorOptions.SANDBOX_APP_ID, CALLBACK, null, 5000));
    Router root = Router.router(vertx);
    root.route(MOUNT + "/*").subRouter(await(big.router()));
    HttpServer bigServer = await(vertx.createHttpServer().requestHandler(root).listen(0));
    try {
      String bigBase = "http://localhost:" + bigServer.actualPort() + MOUNT;
      WychAdapter bigAdapter = sandboxAdapter(TestDefaults.config().providers().wych().toward(bigBase + "/v3",
          bigBase + "/auth/token", WychSimulatorOptions.SANDBOX_API_KEY, WychSimulatorOptions.SANDBOX_CLIENT_ID,
          WychSimulatorOptions.SANDBOX_CLIENT_SECRET, WychSimulatorOptions.SANDBOX_PARTNER_ID,
          WychSimulatorOptions.SANDBOX_APP_ID));

      List<Institution> institutions = await(bigAdapter.listInstitutions());
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(institutions).hasSize(5004);
      assertThat(institutions.stream().map(Institution::providerInstitutionId).distinct()).hasSize(5004);
      assertThat(institutions).filteredOn(i -> i.providerInstitutionId().equals("7e57ab1e-d402-4000-8000-000000001388"))
          .singleElement().satisfies(i -> assertThat(i.connectable()).isTrue());
      assertThat(elapsedMillis).as("boot and list 5000 extra data holders").isLessThan(10_000);
    } finally {
      await(bigServer.close());
    }
  }

  /** The documented defaults (a 60 s token refresh margin), pointed at the simulator. */
  private static WychOptions options(String clientSecret) {
    return TestDefaults.config().providers().wych().toward(base + "/v3", base + "/auth/token",
        WychSimulatorOptions.SANDBOX_API_KEY, WychSimulatorOptions.SANDBOX_CLIENT_ID, clientSecret,
        WychSimulatorOptions.SANDBOX_PARTNER_ID, WychSimulatorOptions.SANDBOX_APP_ID);
  }

  private static WychAdapter sandboxAdapter(WychOptions options) {
    return new WychAdapter(vertx, client, options, Environment.SANDBOX, new DirectUpstreamPolicy(), Clock.systemUTC());
  }

  private static ConsentRequest request(String holderId, String userReference, Set<Permission> permissions) {
    Institution institution = new Institution("wych", holderId, "Sandbox", null, List.of("AU"), null, permissions,
        true, Environment.SANDBOX, Map.of());
    return new ConsentRequest(institution, "tenant-a:" + userReference,
        permissions, "https://gateway.example/v1/callbacks/wych?journey=ignored", null, null);
  }

  private static ProviderConsentRef ref(ConsentStart start, String userReference) {
    return new ProviderConsentRef(start.providerConsentId(), WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK,
        "tenant-a:" + userReference, start.providerState(), null);
  }

  private static String serviceToken() throws Exception {
    return await(client.postAbs(base + "/auth/token").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("client_id", WychSimulatorOptions.SANDBOX_CLIENT_ID)
        .add("client_secret", WychSimulatorOptions.SANDBOX_CLIENT_SECRET))).bodyAsJsonObject().getString("access_token");
  }

  private static HttpRequest<Buffer> api(HttpRequest<Buffer> request, String token) {
    return request.putHeader("x-api-key", WychSimulatorOptions.SANDBOX_API_KEY).bearerTokenAuthentication(token);
  }

  private static Map<String, String> callbackParams(String location) {
    assertThat(location).startsWith(CALLBACK + "?");
    Map<String, String> params = new HashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return params;
  }

  private static ProviderError error(Throwable failure) {
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return ((ProviderFailure) failure).error();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }
}
