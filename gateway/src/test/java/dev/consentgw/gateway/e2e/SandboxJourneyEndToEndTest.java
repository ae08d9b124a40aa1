package dev.consentgw.gateway.e2e;

import dev.consentgw.sdk.ApiClient;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.ApiResponse;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.InstitutionsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentPage;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.Institution;
import dev.consentgw.sdk.model.InstitutionPage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.consentgw.gateway.e2e.GatewayTestKit.location;
import static dev.consentgw.gateway.e2e.GatewayTestKit.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Full consent journeys through the published facade client SDK against the gateway in sandbox
 * mode: this is also what proves that the published contract matches the server.
 */
class SandboxJourneyEndToEndTest {

  private static final String THISTLE = "yapily:thistle-sandbox";
  private static final String BRUECKENBANK = "yapily:brueckenbank-sandbox";
  private static final String FERROUS = "yapily:ferrous-sandbox";
  private static GatewayTestKit kit;
  private static ConsentsApi acme;
  private static ConsentsApi globex;
  private static InstitutionsApi acmeInstitutions;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
    ApiClient acmeClient = kit.sdk(GatewayTestKit.ACME_KEY);
    acme = new ConsentsApi(acmeClient);
    acmeInstitutions = new InstitutionsApi(acmeClient);
    globex = new ConsentsApi(kit.sdk(GatewayTestKit.GLOBEX_KEY));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void yapilyJourneyAuthorisesThenRevokes() throws Exception {
    Consent created = acme.createConsent(request(THISTLE, "state-yap-1", "accounts", "balances", "transactions"),
        null, null);

    assertThat(created.getStatus()).isEqualTo("awaiting_authorization");
    assertThat(created.getProvider()).isEqualTo("yapily");
    assertThat(created.getId()).startsWith("cns_");
    assertThat(created.getProviderConsentId()).isNotBlank().isNotEqualTo(created.getId());
    assertThat(created.getAuthorisationUrl()).isNotNull();
    HttpResponse<String> bankPage = kit.browse("GET", created.getAuthorisationUrl().toString());
    assertThat(bankPage.statusCode()).isEqualTo(200);
    assertThat(bankPage.body()).contains("Thistle Bank", "Approve", "Deny");

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(location(back)).startsWith(kit.baseUrl() + "/sandbox/return?");
    assertThat(query(location(back))).containsExactly(
        Map.entry("consentId", created.getId()), Map.entry("status", "authorized"), Map.entry("state", "state-yap-1"));
    assertThat(location(back)).doesNotContain("consent=", "one-time-token");
    Consent authorised = acme.getConsent(created.getId(), null);
    assertThat(authorised.getStatus()).isEqualTo("authorized");
    assertThat(authorised.getAuthorizedAt()).isNotNull();
    assertThat(authorised.getAuthorisationUrl()).isNull();
    assertThat(authorised.getPermissions()).containsExactly("accounts", "balances", "transactions");

    acme.revokeConsent(created.getId(), null);

    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("revoked");
    acme.revokeConsent(created.getId(), null);
    assertThat(acme.getConsent(created.getId(), null).getStatus()).as("revoking twice is fine").isEqualTo("revoked");
  }

  @Test
  void wychJourneyAuthorisesThenRevokes() throws Exception {
    Institution bank = wychBank();
    Consent created = acme.createConsent(request(bank.getId(), "state-wych-1", "accounts", "transactions"), null, null);

    assertThat(created.getProvider()).isEqualTo("wych");
    assertThat(created.getStatus()).isEqualTo("awaiting_authorization");

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsExactly(
        Map.entry("consentId", created.getId()), Map.entry("status", "authorized"), Map.entry("state", "state-wych-1"));
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("authorized");

    acme.revokeConsent(created.getId(), null);

    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("revoked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yapily", "wych"})
  void denyingAtTheBankRejectsTheConsent(String provider) throws Exception {
    String institution = provider.equals("yapily") ? THISTLE : wychBank().getId();
    Consent created = acme.createConsent(request(institution, null, "accounts"), null, null);

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "deny");

    Map<String, String> outcome = query(location(back));
    assertThat(outcome).containsEntry("consentId", created.getId()).containsEntry("status", "rejected")
        .containsEntry("error", "access_denied").doesNotContainKey("state");
    Consent rejected = acme.getConsent(created.getId(), null);
    assertThat(rejected.getStatus()).isEqualTo("rejected");
    assertThat(rejected.getError().getCode()).isEqualTo("access_denied");
  }

  @Test
  void preAuthorisationTakesTwoLegsAtTheBank() throws Exception {
    Consent created = acme.createConsent(request(BRUECKENBANK, "two-legs", "accounts", "balances"), null, null);

    HttpResponse<String> firstLeg = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");

    assertThat(firstLeg.statusCode()).isEqualTo(303);
    String secondBankPage = location(firstLeg);
    assertThat(secondBankPage).doesNotStartWith(kit.baseUrl() + "/sandbox/return")
        .isNotEqualTo(created.getAuthorisationUrl().toString());
    Consent between = acme.getConsent(created.getId(), null);
    assertThat(between.getStatus()).isEqualTo("awaiting_authorization");
    assertThat(between.getAuthorisationUrl()).hasToString(secondBankPage);

    HttpResponse<String> secondLeg = kit.decideAtBank(secondBankPage, "approve");

    assertThat(query(location(secondLeg))).containsEntry("status", "authorized").containsEntry("state", "two-legs");
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("authorized");
  }

  @Test
  void theSameIdempotencyKeyReplaysTheOriginalConsent() throws Exception {
    String key = UUID.randomUUID().toString();
    CreateConsentRequest body = request(THISTLE, "idem", "accounts");

    ApiResponse<Consent> first = acme.createConsentWithHttpInfo(body, null, key);
    ApiResponse<Consent> again = acme.createConsentWithHttpInfo(body, null, key);

    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(again.getStatusCode()).isEqualTo(201);
    assertThat(again.getData()).isEqualTo(first.getData());
    assertThat(again.getHeaders().get("idempotent-replayed")).containsExactly("true");
    assertThat(first.getHeaders()).doesNotContainKey("idempotent-replayed");
    ConsentPage consents = acme.listUserConsents(body.getUser().getReference(), null, null, null, null);
    assertThat(consents.getData()).as("no second journey was started").hasSize(1);

    CreateConsentRequest changed = request(THISTLE, "idem-other", "accounts");
    changed.getUser().setReference(body.getUser().getReference());
    assertProblem(() -> acme.createConsent(changed, null, key), 422, "idempotency_conflict");
    assertThat(acme.listUserConsents(body.getUser().getReference(), null, null, null, null).getData()).hasSize(1);
  }

  @Test
  void tenantsNeverSeeEachOthersConsents() throws Exception {
    Consent acmes = acme.createConsent(request(THISTLE, null, "accounts"), null, null);

    assertProblem(() -> globex.getConsent(acmes.getId(), null), 404, "consent_not_found");
    assertProblem(() -> globex.revokeConsent(acmes.getId(), null), 404, "consent_not_found");
    assertThat(globex.listUserConsents(acmes.getUser().getReference(), null, null, null, null).getData()).isEmpty();
    assertThat(acme.getConsent(acmes.getId(), null).getStatus()).isEqualTo("awaiting_authorization");
    assertProblem(() -> globex.createConsent(request(wychBank().getId(), null, "accounts"), null, null), 422,
        "provider_not_enabled");
  }

  @Test
  void unknownInstitutionIsRefusedWithAnExactProblem() throws Exception {
    HttpResponse<String> response = kit.raw("POST", "/v1/consents",
        json(request("yapily:no-such-bank", null, "accounts")),
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY, "Content-Type", "application/json",
        "X-Request-Id", "trace-unknown-1");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-unknown-1");
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject()
        .put("type", "https://consentgw.dev/problems/institution_not_found")
        .put("title", "Unknown institution")
        .put("status", 422)
        .put("code", "institution_not_found")
        .put("detail", "No institution with id 'yapily:no-such-bank'.")
        .put("instance", "/v1/consents")
        .put("provider", "yapily")
        .put("traceId", "trace-unknown-1"));
  }

  @Test
  void permissionsTheInstitutionDoesNotOfferAreRefusedBeforeAnyUpstreamCall() throws Exception {
    Institution energy = acmeInstitutions.listInstitutions(null, null, "wych", null, "Energy", null, null)
        .getData().get(0);

    JsonObject problem = problem(() -> acme.createConsent(request(energy.getId(), null, "accounts"), null, null), 422,
        "permission_not_supported");

    assertThat(problem.getString("detail")).contains("accounts");
    assertProblem(() -> acme.createConsent(request(THISTLE, null, "crypto_wallets"), null, null), 422,
        "permission_not_supported");
  }

  @Test
  void aBankSideFailureIsAnInstitutionProblem() throws Exception {
    JsonObject problem = problem(() -> acme.createConsent(request(FERROUS, null, "accounts"), null, null), 502,
        "institution_unavailable");

    assertThat(problem.getString("provider")).isEqualTo("yapily");
  }

  @Test
  void aRedirectUrlOffTheAllowListIsRefused() throws Exception {
    CreateConsentRequest body = request(THISTLE, null, "accounts");
    body.setRedirectUrl(URI.create("https://attacker.example/steal"));

    JsonObject problem = problem(() -> acme.createConsent(body, null, null), 422, "redirect_url_not_allowed");

    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/redirectUrl");
  }

  @Test
  void aJourneyLinkWorksOnceAndOnlyWithinItsLifetime() throws Exception {
    Consent created = acme.createConsent(request(THISTLE, null, "accounts"), null, null);
    HttpResponse<String> bank = kit.browse("POST", created.getAuthorisationUrl() + "/approve");
    String callback = location(bank);
    assertThat(kit.browse("GET", callback).statusCode()).isEqualTo(303);

    HttpResponse<String> replayed = kit.browse("GET", callback);

    assertThat(replayed.statusCode()).isEqualTo(409);
    assertThat(replayed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(replayed.body()).contains("already used").doesNotContain("Location");
    HttpResponse<String> replayedJson = kit.raw("GET", callback.substring(kit.baseUrl().length()), null,
        "Accept", "application/problem+json");
    assertThat(new JsonObject(replayedJson.body()).getString("code")).isEqualTo("journey_already_completed");

    String forged = callback.replaceAll("journey=[^&]+", "journey=" + "A".repeat(43));
    HttpResponse<String> forgedResponse = kit.raw("GET", forged.substring(kit.baseUrl().length()), null,
        "Accept", "application/problem+json");
    assertThat(forgedResponse.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(forgedResponse.body()).getString("code")).isEqualTo("journey_not_found");
    assertThat(forgedResponse.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void anExpiredJourneyLinkIsRefused() throws Exception {
    Consent created = acme.createConsent(request(THISTLE, null, "accounts"), null, null);
    String callback = location(kit.browse("POST", created.getAuthorisationUrl() + "/approve"));

    kit.clock.advance(Duration.ofMinutes(16));
    HttpResponse<String> late = kit.raw("GET", callback.substring(kit.baseUrl().length()), null,
        "Accept", "application/problem+json");

    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(new JsonObject(late.body()).getString("code")).isEqualTo("journey_expired");
    assertThat(late.headers().firstValue("Location")).isEmpty();
    // The bank did record the approval, but the journey never completed at the gateway: the consent
    // says so, and no later refresh from the provider turns it into "authorized".
    Consent after = acme.getConsent(created.getId(), null);
    assertThat(after.getStatus()).isEqualTo("expired");
    assertThat(after.getError().getCode()).isEqualTo("journey_expired");
    kit.clock.advance(Duration.ofMinutes(1));
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("expired");
  }

  @Test
  void invalidBodiesArePointedOutFieldByField() throws Exception {
    String body = new JsonObject()
        .put("institutionId", "not an id")
        .put("user", new JsonObject().put("reference", "u-1"))
        .put("permissions", List.of())
        .put("surprise", true)
        .encode();

    HttpResponse<String> response = kit.raw("POST", "/v1/consents", body,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY, "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("validation_failed");
    assertThat(problem.getString("type")).isEqualTo("https://consentgw.dev/problems/validation_failed");
    assertThat(problem.getString("traceId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    List<String> pointers = new ArrayList<>();
    problem.getJsonArray("errors").forEach(e -> pointers.add(((JsonObject) e).getString("pointer")));
    assertThat(pointers).contains("/redirectUrl", "/surprise");
  }

  @Test
  void invalidParametersArePointedOut() throws Exception {
    HttpResponse<String> badLimit = kit.raw("GET", "/v1/institutions?limit=500", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);
    HttpResponse<String> badId = kit.raw("GET", "/v1/consents/short", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);

    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badLimit.body()).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/query/limit");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badId.body()).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/path/consentId");
  }

  @Test
  void callsWithoutAValidKeyAreUnauthenticated() throws Exception {
    HttpResponse<String> none = kit.raw("GET", "/v1/institutions", null);
    HttpResponse<String> wrong = kit.raw("GET", "/v1/institutions", null, "Authorization", "Bearer nope-nope-nope");

    for (HttpResponse<String> response : List.of(none, wrong)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"consent-gateway\"");
      assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("unauthenticated");
    }
  }

  @Test
  void theCatalogueIsMergedFilteredAndPaged() throws Exception {
    InstitutionPage all = acmeInstitutions.listInstitutions(null, null, null, null, null, 200, null);

    assertThat(all.getMeta().getProviders()).extracting(p -> p.getProvider() + "=" + p.getStatus())
        .containsExactlyInAnyOrder("wych=fresh", "yapily=fresh");
    assertThat(all.getData()).extracting(Institution::getProvider).contains("wych", "yapily");
    assertThat(acmeInstitutions.listInstitutions(null, "DE", null, null, null, null, null).getData())
        .extracting(Institution::getId).containsExactly(BRUECKENBANK);

    Set<String> paged = new LinkedHashSet<>();
    String cursor = null;
    do {
      InstitutionPage page = acmeInstitutions.listInstitutions(null, null, null, null, null, 2, cursor);
      assertThat(page.getData()).hasSizeLessThanOrEqualTo(2);
      page.getData().forEach(i -> assertThat(paged.add(i.getId())).as("no duplicates across pages").isTrue());
      cursor = page.getNextCursor();
    } while (cursor != null);
    assertThat(paged).containsExactlyElementsOf(all.getData().stream().map(Institution::getId).toList());

    String otherFilters = acmeInstitutions.listInstitutions(null, null, null, null, null, 1, null).getNextCursor();
    assertProblem(() -> acmeInstitutions.listInstitutions(null, "GB", null, null, null, 1, otherFilters), 400,
        "validation_failed");
    assertThat(new InstitutionsApi(kit.sdk(GatewayTestKit.GLOBEX_KEY))
        .listInstitutions(null, null, null, null, null, 200, null).getData())
        .extracting(Institution::getProvider).containsOnly("yapily");
  }

  @Test
  void oneInstitutionCanBeRead() throws Exception {
    Institution thistle = acmeInstitutions.getInstitution(THISTLE, null);

    assertThat(thistle.getName()).isEqualTo("Thistle Bank");
    assertThat(thistle.getCountries()).containsExactly("GB");
    assertThat(thistle.getConnectable()).isTrue();
    assertThat(thistle.getEnvironment()).isEqualTo("sandbox");
    assertProblem(() -> acmeInstitutions.getInstitution("yapily:no-such-bank", null), 404, "institution_not_found");
  }

  private static Institution wychBank() throws ApiException {
    return acmeInstitutions.listInstitutions(null, null, "wych", "accounts", "Kookaburra", null, null).getData().get(0);
  }

  private static CreateConsentRequest request(String institutionId, String state, String... permissions) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institutionId);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("user-" + UUID.randomUUID());
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of(permissions)));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    request.setState(state);
    return request;
  }

  private static String json(CreateConsentRequest request) {
    JsonObject body = new JsonObject()
        .put("institutionId", request.getInstitutionId())
        .put("user", new JsonObject().put("reference", request.getUser().getReference()))
        .put("permissions", new ArrayList<>(request.getPermissions()))
        .put("redirectUrl", request.getRedirectUrl().toString());
    return body.encode();
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertProblem(Call call, int status, String code) {
    problem(call, status, code);
  }

  private static JsonObject problem(Call call, int status, String code) {
    JsonObject[] body = new JsonObject[1];
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
      assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
      body[0] = new JsonObject(e.getResponseBody());
      assertThat(body[0].getString("code")).isEqualTo(code);
      assertThat(body[0].getInteger("status")).isEqualTo(status);
      assertThat(body[0].getString("traceId")).isNotBlank();
    });
    return body[0];
  }
}
