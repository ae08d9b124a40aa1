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

/** Findings 2 and 6: callbacks forged from what a browser URL reveals neither burn a journey nor plant a token. */
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
    String bank = institutions.listInstitutions(null, null, "wych", "accounts", "Kookaburra", null, null)
        .getData().get(0).getId();
    Consent created = acme.createConsent(request(bank, "s-wych"), null, null);

    HttpResponse<String> forged = kit.raw("GET", "/v1/callbacks/wych?connection=" + created.getProviderConsentId()
        + "&state=ACTIVE", null, "Accept", "application/problem+json");

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(forged.body()).getString("code")).isEqualTo("callback_invalid");
    assertThat(forged.headers().firstValue("Location")).isEmpty();
    assertThat(acme.getConsent(created.getId(), null).getStatus()).isEqualTo("awaiting_authorization");

    HttpResponse<String> back = kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(query(location(back))).containsEntry("status", "authorized").containsEntry("consentId", created.getId());
    Consent authorised = acme.getConsent(created.getId(), null);
    assertThat(authorised.getStatus()).isEqualTo("authorized");
    assertThat(authorised.getAuthorizedAt()).isNotNull();
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
