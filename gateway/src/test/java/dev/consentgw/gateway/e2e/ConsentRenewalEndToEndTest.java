package dev.consentgw.gateway.e2e;

import dev.consentgw.gateway.app.SandboxWiring;
import dev.consentgw.gateway.sandbox.wych.WychSandboxCatalogue;
import dev.consentgw.sdk.ApiResponse;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.DataApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.CreateReauthorisationRequest;
import dev.consentgw.sdk.model.CreateReconfirmationRequest;
import dev.consentgw.sdk.model.Reconfirmation;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.consentgw.gateway.e2e.GatewayTestKit.location;
import static dev.consentgw.gateway.e2e.GatewayTestKit.query;
import static dev.consentgw.gateway.e2e.SdkProblems.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consent's life after {@code authorized}, end to end against both simulators with the clock the
 * test moves (months pass without waiting): renewal at the bank, UK reconfirmation, approval in the
 * banking app (decoupled), and Yapily callbacks whether or not Yapily keeps the callback's query.
 */
class ConsentRenewalEndToEndTest {

  private static final String THISTLE = "yapily:thistle-sandbox";
  private static final String HARBOURSIDE = "yapily:harbourside-sandbox";
  private static final String BRUECKENBANK = "yapily:brueckenbank-sandbox";
  private static final String KOOKABURRA = "wych:" + WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK;
  private static GatewayTestKit kit;
  private static ConsentsApi consents;
  private static DataApi data;
  private static SandboxWiring.Controls sandbox;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
    consents = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
    data = new DataApi(kit.sdk(GatewayTestKit.ACME_KEY));
    sandbox = kit.server.sandboxControls().orElseThrow();
  }

  @AfterEach
  void resetSwitches() {
    sandbox.yapily().keepCallbackQuery(true);
    sandbox.yapily().decoupledApproval("brueckenbank-sandbox", false);
    sandbox.yapily().refuseRenewal("harbourside-sandbox", false);
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void aRenewalKeepsTheConsentUsableAndRenewsItsLifetime() throws Exception {
    Consent before = authorised(THISTLE);
    kit.clock.advance(Duration.ofDays(80));
    String key = UUID.randomUUID().toString();

    ApiResponse<Consent> started = consents.createReauthorisationWithHttpInfo(before.getId(), renewal("renew-1"), null,
        key);

    assertThat(started.getStatusCode()).isEqualTo(201);
    Consent renewing = started.getData();
    assertThat(renewing.getId()).isEqualTo(before.getId());
    assertThat(renewing.getStatus()).isEqualTo("authorized");
    assertThat(renewing.getAuthorisationUrl()).isNotNull();
    assertThat(renewing.getReauthorisation().getStatus().getValue()).isEqualTo("in_progress");
    assertThat(renewing.getReauthorisation().getStartedAt().toInstant())
        .isEqualTo(kit.clock.instant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(renewing.getState()).isEqualTo("renew-1");
    ApiResponse<Consent> replay = consents.createReauthorisationWithHttpInfo(before.getId(), renewal("renew-1"), null,
        key);
    assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");
    assertThat(replay.getData()).isEqualTo(renewing);
    assertThat(data.listAccounts(before.getId(), null).getData()).as("usable while renewing").isNotEmpty();
    Consent meanwhile = consents.getConsent(before.getId(), null);
    assertThat(meanwhile.getStatus()).isEqualTo("authorized");
    assertThat(meanwhile.getReauthorisation()).isNotNull();

    HttpResponse<String> back = kit.decideAtBank(renewing.getAuthorisationUrl().toString(), "approve");

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsExactly(Map.entry("consentId", before.getId()),
        Map.entry("status", "authorized"), Map.entry("state", "renew-1"));
    Consent after = consents.getConsent(before.getId(), null);
    assertThat(after.getStatus()).isEqualTo("authorized");
    assertThat(after.getReauthorisation()).isNull();
    assertThat(after.getAuthorisationUrl()).isNull();
    assertThat(after.getAuthorizedAt()).isAfter(before.getAuthorizedAt().plusDays(79));
    assertThat(after.getExpiresAt()).isAfter(before.getExpiresAt().plusDays(79));
    assertThat(data.listAccounts(before.getId(), null).getData()).isNotEmpty();
  }

  @Test
  void aRenewalDeniedAtTheBankLeavesTheConsentAsItWas() throws Exception {
    Consent before = authorised(THISTLE);
    Consent renewing = consents.createReauthorisation(before.getId(), renewal(null), null, null);

    HttpResponse<String> back = kit.decideAtBank(renewing.getAuthorisationUrl().toString(), "deny");

    assertThat(query(location(back))).containsExactly(Map.entry("consentId", before.getId()),
        Map.entry("status", "authorized"), Map.entry("error", "access_denied"));
    Consent after = consents.getConsent(before.getId(), null);
    assertThat(after.getStatus()).isEqualTo("authorized");
    assertThat(after.getReauthorisation()).isNull();
    assertThat(after.getError()).isNull();
    assertThat(after.getAuthorizedAt()).isEqualTo(before.getAuthorizedAt());
    assertThat(data.listAccounts(before.getId(), null).getData()).isNotEmpty();
  }

  @Test
  void aRenewalAbandonedPastItsJourneyLinkIsDropped() throws Exception {
    Consent before = authorised(THISTLE);
    Consent renewing = consents.createReauthorisation(before.getId(), renewal(null), null, null);
    HttpResponse<String> bank = kit.browse("POST", renewing.getAuthorisationUrl() + "/approve");
    kit.clock.advance(Duration.ofMinutes(16));

    HttpResponse<String> late = kit.browse("GET", location(bank));

    assertThat(late.statusCode()).isEqualTo(410);
    Consent after = consents.getConsent(before.getId(), null);
    assertThat(after.getStatus()).as("a late renewal never expires the consent").isEqualTo("authorized");
    assertThat(after.getReauthorisation()).isNull();
  }

  @Test
  void aRenewalNobodyReturnsFromDisappearsOnceItsLinkExpired() throws Exception {
    Consent before = authorised(THISTLE);
    consents.createReauthorisation(before.getId(), renewal(null), null, null);
    kit.clock.advance(Duration.ofMinutes(15));

    Consent after = consents.getConsent(before.getId(), null);

    assertThat(after.getStatus()).isEqualTo("authorized");
    assertThat(after.getReauthorisation()).isNull();
    assertThat(after.getAuthorisationUrl()).isNull();
  }

  @Test
  void wychConsentsCannotBeRenewedNorReconfirmed() throws Exception {
    Consent wych = authorised(KOOKABURRA);

    JsonObject renewal = problem(() -> consents.createReauthorisation(wych.getId(), renewal(null), null, "k-wych"),
        422, "reauthorisation_not_supported");
    JsonObject reconfirmation = problem(() -> consents.createReconfirmation(wych.getId(),
        new CreateReconfirmationRequest(), null), 422, "reconfirmation_not_supported");

    assertThat(renewal.getString("detail")).isEqualTo("This consent cannot be renewed at its bank; create a new"
        + " consent instead.");
    assertThat(renewal.getString("provider")).isEqualTo("wych");
    assertThat(reconfirmation.getString("provider")).isEqualTo("wych");
    assertThat(consents.getConsent(wych.getId(), null).getReauthorisation()).isNull();
    assertThat(consents.createReauthorisationWithHttpInfo(authorised(THISTLE).getId(), renewal(null), null, "k-wych")
        .getStatusCode()).as("a refused request frees its Idempotency-Key").isEqualTo(201);
  }

  @Test
  void aBankThatRefusesRenewalsAnswers422() throws Exception {
    Consent consent = authorised(HARBOURSIDE);
    sandbox.yapily().refuseRenewal("harbourside-sandbox", true);

    JsonObject problem = problem(() -> consents.createReauthorisation(consent.getId(), renewal(null), null, null),
        422, "reauthorisation_not_supported");

    assertThat(problem.getString("provider")).isEqualTo("yapily");
    assertThat(consents.getConsent(consent.getId(), null).getReauthorisation()).isNull();
  }

  @Test
  void onlyAuthorisedConsentsAndRegisteredRedirectsCanBeRenewed() throws Exception {
    Consent awaiting = consents.createConsent(request(THISTLE), null, null);
    CreateReauthorisationRequest elsewhere = new CreateReauthorisationRequest();
    elsewhere.setRedirectUrl(URI.create("https://evil.example/steal"));

    JsonObject notActive = problem(() -> consents.createReauthorisation(awaiting.getId(), renewal(null), null, null),
        409, "consent_not_active");
    problem(() -> consents.createReauthorisation(authorised(THISTLE).getId(), elsewhere, null, null), 422,
        "redirect_url_not_allowed");
    problem(() -> consents.createReauthorisation("cns_doesnotexist00000000", renewal(null), null, null), 404,
        "consent_not_found");

    assertThat(notActive.getString("detail")).startsWith("The consent is awaiting_authorization;");
  }

  @Test
  void aUkConsentIsReconfirmedForAnother90Days() throws Exception {
    Consent consent = authorised(THISTLE);
    kit.clock.advance(Duration.ofDays(60));

    Reconfirmation now = consents.createReconfirmation(consent.getId(), new CreateReconfirmationRequest(), null);
    CreateReconfirmationRequest earlier = new CreateReconfirmationRequest();
    OffsetDateTime anHourAgo = OffsetDateTime.ofInstant(kit.clock.instant().minus(Duration.ofHours(1)),
        java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    earlier.setConfirmedAt(anHourAgo);
    Reconfirmation explicit = consents.createReconfirmation(consent.getId(), earlier, null);

    assertThat(now.getConsentId()).isEqualTo(consent.getId());
    assertThat(now.getLastConfirmedAt().toInstant()).isEqualTo(kit.clock.instant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(now.getReconfirmBy().toInstant())
        .isEqualTo(kit.clock.instant().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.MILLIS));
    assertThat(explicit.getLastConfirmedAt()).isEqualTo(anHourAgo);
    assertThat(explicit.getReconfirmBy()).isEqualTo(anHourAgo.plusDays(90));
    Consent stored = consents.getConsent(consent.getId(), null);
    assertThat(stored.getLastConfirmedAt()).as("the consent shows the latest reconfirmation").isEqualTo(anHourAgo);
    assertThat(stored.getReconfirmBy()).isEqualTo(anHourAgo.plusDays(90));
  }

  @Test
  void reconfirmationsOutsideTheUkOrInTheFutureAreRefused() throws Exception {
    Consent german = authorised(BRUECKENBANK);
    CreateReconfirmationRequest future = new CreateReconfirmationRequest();
    future.setConfirmedAt(OffsetDateTime.ofInstant(kit.clock.instant().plus(Duration.ofHours(1)),
        java.time.ZoneOffset.UTC));

    problem(() -> consents.createReconfirmation(german.getId(), new CreateReconfirmationRequest(), null), 422,
        "reconfirmation_not_supported");
    JsonObject invalid = problem(() -> consents.createReconfirmation(authorised(THISTLE).getId(), future, null), 400,
        "validation_failed");

    assertThat(invalid.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/confirmedAt");
  }

  @Test
  void aDecoupledApprovalInTheBankingAppCompletesByPolling() throws Exception {
    sandbox.yapily().decoupledApproval("brueckenbank-sandbox", true);
    Consent created = consents.createConsent(request(BRUECKENBANK), null, null);

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsExactly(Map.entry("consentId", created.getId()),
        Map.entry("status", "awaiting_authorization"));
    Consent waiting = consents.getConsent(created.getId(), null);
    assertThat(waiting.getStatus()).isEqualTo("awaiting_authorization");
    assertThat(waiting.getAuthorisationUrl()).as("nothing to open: approval happens in the app").isNull();
    assertThat(waiting.getError()).isNull();

    assertThat(sandbox.yapily().approveDecoupled(UUID.fromString(waiting.getProviderConsentId()))).isTrue();
    kit.clock.advance(Duration.ofSeconds(6));

    Consent approved = consents.getConsent(created.getId(), null);
    assertThat(approved.getStatus()).isEqualTo("authorized");
    assertThat(data.listAccounts(created.getId(), null).getData()).as("the token came with the read").isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theJourneyIsFoundWhetherYapilyKeepsTheCallbackQueryOrOnlyForwardsIt(boolean keep) throws Exception {
    sandbox.yapily().keepCallbackQuery(keep);
    Consent single = consents.createConsent(request(THISTLE), null, null);
    Consent twoLegs = consents.createConsent(request(BRUECKENBANK), null, null);

    HttpResponse<String> bank = kit.browse("POST", single.getAuthorisationUrl() + "/approve");
    HttpResponse<String> firstLeg = kit.decideAtBank(twoLegs.getAuthorisationUrl().toString(), "approve");
    HttpResponse<String> secondLeg = kit.decideAtBank(location(firstLeg), "approve");

    assertThat(query(location(bank))).containsKeys("journey", "one-time-token");
    HttpResponse<String> back = kit.browse("GET", location(bank));
    assertThat(query(location(back))).containsEntry("status", "authorized");
    assertThat(query(location(secondLeg))).containsEntry("status", "authorized");
    assertThat(consents.getConsent(single.getId(), null).getStatus()).isEqualTo("authorized");
    assertThat(consents.getConsent(twoLegs.getId(), null).getStatus()).isEqualTo("authorized");
  }

  @Test
  void severalConsentsOnOneCallbackFailTheJourneyKeepingNone() throws Exception {
    Consent created = consents.createConsent(request(THISTLE), null, null);
    HttpResponse<String> bank = kit.browse("POST", created.getAuthorisationUrl() + "/approve");

    HttpResponse<String> back = kit.browse("GET", location(bank) + "&one-time-token=a-second-consents-token");

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsEntry("status", "failed").containsEntry("error", "callback_invalid");
    Consent failed = consents.getConsent(created.getId(), null);
    assertThat(failed.getStatus()).isEqualTo("failed");
    assertThat(failed.getError().getDescription()).contains("several consents");
    problem(() -> data.listAccounts(created.getId(), null), 409, "consent_not_active");
  }

  @Test
  void theSameJourneyTokenTwiceIsOneJourneyButTwoDifferentOnesAreRefused() throws Exception {
    Consent created = consents.createConsent(request(THISTLE), null, null);
    HttpResponse<String> bank = kit.browse("POST", created.getAuthorisationUrl() + "/approve");
    String journey = query(location(bank)).get("journey");

    HttpResponse<String> forged = kit.raw("GET", "/v1/callbacks/yapily?journey=" + journey + "&journey=other"
        + "&one-time-token=x", null, "Accept", "application/problem+json");
    HttpResponse<String> back = kit.browse("GET", location(bank) + "&journey=" + journey);

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(forged.body()).getString("code")).isEqualTo("callback_invalid");
    assertThat(query(location(back))).containsEntry("status", "authorized");
  }

  // ------------------------------------------------------------------ helpers

  private static Consent authorised(String institution) throws Exception {
    Consent created = consents.createConsent(request(institution), null, null);
    String next = created.getAuthorisationUrl().toString();
    HttpResponse<String> back = kit.decideAtBank(next, "approve");
    if (institution.equals(BRUECKENBANK)) {
      back = kit.decideAtBank(location(back), "approve");
    }
    assertThat(query(location(back))).containsEntry("status", "authorized");
    return consents.getConsent(created.getId(), null);
  }

  private static CreateConsentRequest request(String institution) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institution);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("life-user-" + UUID.randomUUID());
    if (institution.startsWith("wych:")) {
      user.setEmail("life@mail.example");
    }
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    return request;
  }

  private static CreateReauthorisationRequest renewal(String state) {
    CreateReauthorisationRequest request = new CreateReauthorisationRequest();
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    request.setState(state);
    return request;
  }
}
