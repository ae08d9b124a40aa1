package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.InstitutionsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import static dev.consentgw.gateway.e2e.GatewayTestKit.location;
import static dev.consentgw.gateway.e2e.GatewayTestKit.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings 2 and 6: callbacks forged from what a browser URL reveals neither burn a journey nor
 * plant a token. A Wych callback names only the connection, so it must come from the browser that
 * opened the journey's entry URL (its binding cookie); Yapily's carries the journey token itself.
 */
class ForgedCallbacksTest {

  private static GatewayTestKit kit;
  private static ConsentsApi acme;
  private static InstitutionsApi institutions;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
    acme = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
    institutions = new InstitutionsApi(kit.sdk(GatewayTestKit.ACME_KEY));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void aWychCallbackForAPendingConnectionDoesNotConsumeTheJourney() throws Exception {
    Consent created = acme.createConsent(request(wychBank(), "s-wych"), null, null);
    GatewayTestKit.BankVisit visit = kit.openAuthorisationUrl(created.getAuthorisationUrl().toString());

    // Even from the right browser: Wych still reports the connection as pending.
    HttpResponse<String> early = callback(created.getProviderConsentId(), visit.cookie());

    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(early.body()).getString("code")).isEqualTo("callback_invalid");
    assertThat(early.headers().firstValue("Location")).isEmpty();
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("awaiting_authorization");

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsEntry("status", "authorized").containsEntry("consentId", created.getId());
    Consent authorised = acme.getConsent(created.getId(), null);
    assertThat(authorised.getStatus()).isEqualTo("authorized");
    assertThat(authorised.getAuthorizedAt()).isNotNull();
  }

  @Test
  void theWychEntryUrlBindsTheJourneyToTheBrowserAndSendsItToWych() throws Exception {
    Consent created = acme.createConsent(request(wychBank(), "s-entry"), null, null);
    String entryUrl = created.getAuthorisationUrl().toString();

    HttpResponse<String> entry = kit.browse("GET", entryUrl);

    assertThat(entryUrl).startsWith(kit.baseUrl() + "/v1/journeys/" + created.getId() + "/");
    assertThat(entry.statusCode()).isEqualTo(303);
    assertThat(location(entry)).startsWith(kit.baseUrl() + "/sandbox/wych/")
        .contains(created.getProviderConsentId());
    assertThat(entry.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(entry.headers().firstValue("X-Request-Id")).isPresent();
    String cookie = entry.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches("cgw_journey=[A-Za-z0-9_-]{43}; .*")
        .contains("; Path=/v1/callbacks/wych", "; SameSite=Lax")
        .containsIgnoringCase("; HttpOnly")
        .doesNotContainIgnoringCase("Secure")
        .doesNotContainIgnoringCase("Domain");
    assertThat(Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"))).isBetween(1L, 15 * 60L);
    assertThat(cookie.substring(0, cookie.indexOf(';'))).as("the cookie is not the link's token")
        .doesNotContain(entryUrl.substring(entryUrl.lastIndexOf('/') + 1));

    HttpResponse<String> back = kit.browse("GET", location(kit.decide(location(entry), "approve")),
        cookie.substring(0, cookie.indexOf(';')));
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsEntry("status", "authorized").containsEntry("state", "s-entry");
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("authorized");
  }

  @Test
  void aWychCallbackWithoutTheBindingCookieNeitherCompletesNorBurnsTheJourney() throws Exception {
    Consent created = acme.createConsent(request(wychBank(), "s-nocookie"), null, null);
    GatewayTestKit.BankVisit victim = kit.openAuthorisationUrl(created.getAuthorisationUrl().toString());
    // The user approved at the bank; the attacker knows the connection id and races the user's return.
    kit.decide(victim.bankUrl(), "approve");

    HttpResponse<String> forged = callback(created.getProviderConsentId(), null);
    HttpResponse<String> page = kit.browse("GET", kit.baseUrl() + "/v1/callbacks/wych?connection="
        + created.getProviderConsentId() + "&state=ACTIVE");

    assertBindingMissing(forged);
    assertThat(new JsonObject(forged.body()).getString("detail")).contains("did not start this journey");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("journey_binding_missing").doesNotContain(created.getId());
    assertGenuineReturnStillCompletes(created, victim);
  }

  @Test
  void aWychCallbackWithAnotherJourneysCookieIsRefused() throws Exception {
    Consent attackers = acme.createConsent(request(wychBank(), "s-attacker"), null, null);
    String attackersCookie = kit.openAuthorisationUrl(attackers.getAuthorisationUrl().toString()).cookie();
    Consent created = acme.createConsent(request(wychBank(), "s-victim"), null, null);
    GatewayTestKit.BankVisit victim = kit.openAuthorisationUrl(created.getAuthorisationUrl().toString());
    kit.decide(victim.bankUrl(), "approve");

    HttpResponse<String> forged = callback(created.getProviderConsentId(), attackersCookie);

    assertBindingMissing(forged);
    assertThat(new JsonObject(forged.body()).getString("detail")).contains("a different journey");
    assertThat(acme.getConsent(attackers.getId(), null).getStatus()).isEqualTo("awaiting_authorization");
    assertGenuineReturnStillCompletes(created, victim);
  }

  @Test
  void aWychCallbackWithAForgedCookieIsRefused() throws Exception {
    Consent created = acme.createConsent(request(wychBank(), "s-forged"), null, null);
    GatewayTestKit.BankVisit victim = kit.openAuthorisationUrl(created.getAuthorisationUrl().toString());
    kit.decide(victim.bankUrl(), "approve");

    HttpResponse<String> forged = callback(created.getProviderConsentId(), "cgw_journey=" + "A".repeat(43));
    HttpResponse<String> linkToken = callback(created.getProviderConsentId(), "cgw_journey="
        + created.getAuthorisationUrl().toString().substring(created.getAuthorisationUrl().toString().lastIndexOf('/') + 1));

    assertBindingMissing(forged);
    assertBindingMissing(linkToken);
    assertGenuineReturnStillCompletes(created, victim);
  }

  @Test
  void aForgedEntryUrlSetsNoCookie() throws Exception {
    Consent wych = acme.createConsent(request(wychBank(), "s-hop"), null, null);
    Consent yapily = acme.createConsent(request("yapily:thistle-sandbox", "s-hop-y"), null, null);

    HttpResponse<String> forged = kit.raw("GET", "/v1/journeys/" + wych.getId() + "/" + "A".repeat(43), null,
        "Accept", "application/problem+json");
    HttpResponse<String> unbound = kit.raw("GET", "/v1/journeys/" + yapily.getId() + "/" + "A".repeat(43), null,
        "Accept", "application/problem+json");

    for (HttpResponse<String> response : List.of(forged, unbound)) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("journey_not_found");
      assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(response.headers().firstValue("Location")).isEmpty();
    }
    assertThat(yapily.getAuthorisationUrl().toString()).as("Yapily journeys need no entry URL")
        .startsWith(kit.baseUrl() + "/sandbox/yapily/");
  }

  private static String wychBank() throws Exception {
    return institutions.listInstitutions(null, null, "wych", "accounts", "Kookaburra", null, null)
        .getData().get(0).getId();
  }

  /** A callback as Wych would send it for {@code connection}, with {@code cookie} ({@code name=value}) or none. */
  private static HttpResponse<String> callback(String connection, String cookie) throws Exception {
    String path = "/v1/callbacks/wych?connection=" + connection + "&state=ACTIVE";
    return cookie == null
        ? kit.raw("GET", path, null, "Accept", "application/problem+json")
        : kit.raw("GET", path, null, "Accept", "application/problem+json", "Cookie", cookie);
  }

  private static void assertBindingMissing(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(403);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("journey_binding_missing");
    assertThat(problem.getString("provider")).isEqualTo("wych");
    assertThat(problem.getString("traceId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  /** The refused callback left the journey as it was: the user's own return still completes it. */
  private static void assertGenuineReturnStillCompletes(Consent created, GatewayTestKit.BankVisit victim)
      throws Exception {
    // The test clock stands still, so the gateway shows what it stored: the refusal changed nothing.
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("awaiting_authorization");
    HttpResponse<String> genuine = callback(created.getProviderConsentId(), victim.cookie());
    assertThat(genuine.statusCode()).isEqualTo(303);
    assertThat(query(location(genuine))).containsEntry("status", "authorized")
        .containsEntry("consentId", created.getId());
  }

  @Test
  void aYapilyConsentTokenFromTheBrowserFailsTheJourney() throws Exception {
    Consent created = acme.createConsent(request("yapily:thistle-sandbox", "s-yap"), null, null);
    String callback = location(kit.browse("POST", created.getAuthorisationUrl() + "/approve"));
    String journey = query(callback).get("journey");

    HttpResponse<String> forged = kit.browse("GET", kit.baseUrl() + "/v1/callbacks/yapily?journey=" + journey
        + "&consent=ATTACKER-CHOSEN&application-user-id=x&institution=thistle-sandbox");

    assertThat(forged.statusCode()).isEqualTo(303);
    assertThat(query(location(forged))).containsEntry("status", "failed").containsEntry("error", "callback_invalid");
    Consent after = acme.getConsent(created.getId(), null);
    assertThat(after.getStatus()).isEqualTo("failed");
    assertThat(after.getError().getCode()).isEqualTo("callback_invalid");
    // The genuine return cannot revive it.
    HttpResponse<String> genuine = kit.raw("GET", callback.substring(kit.baseUrl().length()), null,
        "Accept", "application/problem+json");
    assertThat(genuine.statusCode()).isEqualTo(409);
  }

  private static CreateConsentRequest request(String institutionId, String state) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institutionId);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("user-" + UUID.randomUUID());
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    request.setState(state);
    return request;
  }

}
