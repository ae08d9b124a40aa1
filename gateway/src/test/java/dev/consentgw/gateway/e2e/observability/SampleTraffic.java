package dev.consentgw.gateway.e2e.observability;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * Traffic that moves every kind of gateway series: Yapily through the sandbox simulator, Wych on a
 * WireMock answering 503 to everything (its breaker opens on the first failure, at the catalogue
 * warm-up), and a journey with an idempotent replay.
 */
final class SampleTraffic {

  private SampleTraffic() {
  }

  /** A gateway whose Wych is {@code wych} (started here, failing every call). */
  static GatewayTestKit gateway(WireMockServer wych, String extraYaml) throws Exception {
    wych.start();
    wych.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    return GatewayTestKit.start("""
        resilience:
          retries: {backoff: PT0.01S}
          providerBreaker: {failureThreshold: 1, openFor: PT60S}
        providers:
          wych:
            apiBaseUrl: "%1$s/v3"
            tokenUrl: "%1$s/token"
            apiKey: api-key-not-logged
            clientId: gateway-client
            clientSecret: client-secret-not-logged
            partnerId: 3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11
            appId: 9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22
        """.formatted(wych.baseUrl()) + extraYaml);
  }

  /** Creates a Yapily consent with {@code idempotencyKey}, replays the creation, and approves it at the bank. */
  static Consent journey(GatewayTestKit kit, String idempotencyKey) throws Exception {
    ConsentsApi acme = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
    Consent consent = acme.createConsent(request(kit), null, idempotencyKey);
    Consent replayed = acme.createConsent(request(kit), null, idempotencyKey);
    if (!replayed.getId().equals(consent.getId())) {
      throw new AssertionError("the replay answered another consent");
    }
    int back = kit.decideAtBank(consent.getAuthorisationUrl().toString(), "approve").statusCode();
    if (back != 303) {
      throw new AssertionError("the callback answered " + back);
    }
    return acme.getConsent(consent.getId(), null);
  }

  private static CreateConsentRequest request(GatewayTestKit kit) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId("yapily:thistle-sandbox");
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("metrics-user");
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    return request;
  }
}
