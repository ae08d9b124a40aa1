package dev.consentgw.contracts.facade;

import au.com.dius.pact.provider.junitsupport.State;
import dev.consentgw.sdk.ApiClient;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.DataApi;
import dev.consentgw.sdk.api.InstitutionsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.Institution;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.consentgw.contracts.facade.FacadeContract.*;

/**
 * The provider states of the facade pact, created in a running sandbox gateway the way the example
 * fintech and its users would: through the facade SDK and the simulated bank's consent page.
 */
final class GatewayStates {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final InstitutionsApi institutions;
  private final ConsentsApi consents;
  private final DataApi data;
  private final HttpClient browser = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();

  GatewayStates(String gatewayUrl) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(gatewayUrl);
    client.setReadTimeout(TIMEOUT);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + EXAMPLE_API_KEY));
    this.institutions = new InstitutionsApi(client);
    this.consents = new ConsentsApi(client);
    this.data = new DataApi(client);
  }

  @State(INSTITUTION_OFFERS_ACCOUNTS)
  void institutionOffersAccounts(Map<String, Object> params) throws ApiException {
    Institution bank = institution(params);
    if (!Boolean.TRUE.equals(bank.getConnectable()) || !bank.getPermissions().containsAll(List.of("accounts", "transactions"))) {
      throw new IllegalStateException("The sandbox's " + bank.getId() + " no longer offers accounts and transactions");
    }
  }

  @State(INSTITUTION_LACKS_PERMISSION)
  void institutionLacksPermission(Map<String, Object> params) throws ApiException {
    Institution bank = institution(params);
    if (bank.getPermissions().contains((String) params.get(PERMISSION))) {
      throw new IllegalStateException("The sandbox's " + bank.getId() + " now offers " + params.get(PERMISSION));
    }
  }

  /** A journey the user completed: started through the facade, approved at the simulated bank. */
  @State(CONSENT_AUTHORISED)
  Map<String, Object> authorisedConsent(Map<String, Object> params) throws Exception {
    Consent started = consents.createConsent(journey((String) params.get(INSTITUTION_ID),
        (String) params.get(USER_REFERENCE)), null, null);
    HttpResponse<String> bank = browse("POST", started.getAuthorisationUrl() + "/approve");
    HttpResponse<String> callback = browse("GET", location(bank));
    if (callback.statusCode() != 303) {
      throw new IllegalStateException("The gateway's callback answered " + callback.statusCode());
    }
    Consent consent = consents.getConsent(started.getId(), null);
    if (!"authorized".equals(consent.getStatus())) {
      throw new IllegalStateException("The approved consent is " + consent.getStatus());
    }
    return Map.of(CONSENT_ID, consent.getId());
  }

  /** As {@link #authorisedConsent}, with balances too; also injects the consent's first account. */
  @State(CONSENT_WITH_DATA)
  Map<String, Object> consentWithData(Map<String, Object> params) throws Exception {
    Consent started = consents.createConsent(journey((String) params.get(INSTITUTION_ID),
        (String) params.get(USER_REFERENCE)).permissions(new LinkedHashSet<>(List.of("accounts", "balances",
        "transactions"))), null, null);
    HttpResponse<String> callback = browse("GET", location(browse("POST", started.getAuthorisationUrl() + "/approve")));
    if (callback.statusCode() != 303) {
      throw new IllegalStateException("The gateway's callback answered " + callback.statusCode());
    }
    String account = data.listAccounts(started.getId(), null).getData().get(0).getId();
    return Map.of(CONSENT_ID, started.getId(), ACCOUNT_ID, account);
  }

  @State(NO_CONSENT)
  void noConsent() {
    // Consent ids are random and never reused: no consent of any tenant has the pact's id.
  }

  @State(IDEMPOTENCY_KEY_USED)
  void idempotencyKeyUsed(Map<String, Object> params) throws ApiException {
    // Accounts only: a different journey from the one the pact then sends with the same key.
    CreateConsentRequest first = journey(EXAMPLE_INSTITUTION_ID, EXAMPLE_USER_REFERENCE)
        .permissions(new LinkedHashSet<>(List.of("accounts")));
    consents.createConsent(first, null, (String) params.get(IDEMPOTENCY_KEY));
  }

  @State(API_KEY_UNKNOWN)
  void apiKeyUnknown() {
    // Only the example fintech's key is registered with the gateway.
  }

  private Institution institution(Map<String, Object> params) throws ApiException {
    return institutions.getInstitution((String) params.get(INSTITUTION_ID), null);
  }

  private static CreateConsentRequest journey(String institutionId, String userReference) {
    return new CreateConsentRequest()
        .institutionId(institutionId)
        .user(new ConsentUserInput().reference(userReference))
        .permissions(new LinkedHashSet<>(List.of("accounts", "transactions")))
        .redirectUrl(URI.create(EXAMPLE_REDIRECT_URL));
  }

  private HttpResponse<String> browse(String method, String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(TIMEOUT)
        .build();
    return browser.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    if (response.statusCode() != 303) {
      throw new IllegalStateException("The simulated bank answered " + response.statusCode());
    }
    return response.headers().firstValue("Location").orElseThrow();
  }
}
