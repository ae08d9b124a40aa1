import dev.consentgw.sdk.ApiClient;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.InstitutionsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.Institution;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

/**
 * A full consent journey against the sandbox with the generated facade SDK (dev.consentgw.sdk):
 * find a bank, start a consent, approve at the simulated bank, confirm, revoke.
 *
 * <p>Run from the repository root, with the gateway running ({@code java -jar gateway/target/consent-gateway.jar}):
 * <pre>
 * java -cp gateway/target/consent-gateway.jar examples/java/SandboxJourney.java [gatewayUrl] [apiKey]
 * </pre>
 * The gateway's jar carries the SDK and its dependencies, so nothing else is needed on the class path.
 */
public final class SandboxJourney {

  private static final String DEMO_KEY = "cgw_sandbox_demo_key_4f7c1e";

  public static void main(String[] args) throws Exception {
    String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
    String apiKey = args.length > 1 ? args[1] : DEMO_KEY;
    try {
      System.out.println("final status: " + journey(gateway, apiKey));
    } catch (ApiException e) {
      // The body is the gateway's problem document: its detail says what to fix.
      System.err.println("HTTP " + e.getCode() + ": " + e.getResponseBody());
      System.exit(1);
    }
  }

  /** Walks the journey and returns the consent's status after revoking it ("revoked"). */
  public static String journey(String gateway, String apiKey) throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(gateway);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    InstitutionsApi institutions = new InstitutionsApi(client);
    ConsentsApi consents = new ConsentsApi(client);

    // 1. Find a bank: search the catalogue.
    Institution bank = institutions.listInstitutions(null, "GB", "yapily", null, "thistle", 10, null)
        .getData().get(0);
    System.out.println("1. institution " + bank.getId() + " (" + bank.getName() + ")");

    // 2. Start the journey. A fresh Idempotency-Key per logical request makes a retry safe.
    CreateConsentRequest request = new CreateConsentRequest()
        .institutionId(bank.getId())
        .user(new ConsentUserInput().reference("sdk-example-user"))
        .permissions(Set.of("accounts", "balances", "transactions"))
        .redirectUrl(URI.create(gateway + "/sandbox/return"))
        .state(UUID.randomUUID().toString());
    Consent started = consents.createConsent(request, null, UUID.randomUUID().toString());
    System.out.println("2. consent " + started.getId() + " " + started.getStatus() + ", send the user to "
        + started.getAuthorisationUrl());

    // 3. The user approves at the bank. A real app redirects the browser; the sandbox's bank page
    //    also takes a POST, and the redirects lead back through the gateway to the redirect URL.
    String landing = approveAtSandboxBank(started.getAuthorisationUrl().toString());
    System.out.println("3. the browser lands on " + landing);

    // 4. Confirm with the gateway (never trust the redirect's query alone).
    Consent confirmed = consents.getConsent(started.getId(), null);
    System.out.println("4. consent " + confirmed.getId() + " " + confirmed.getStatus() + ", expires "
        + confirmed.getExpiresAt());
    if (!"authorized".equals(confirmed.getStatus())) {
      throw new IllegalStateException("expected an authorised consent, got " + confirmed.getStatus());
    }

    // 5. Revoke.
    consents.revokeConsent(started.getId(), null);
    String status = consents.getConsent(started.getId(), null).getStatus();
    System.out.println("5. revoked: " + status);
    return status;
  }

  /** Posts Approve, then follows the 303s (bank to gateway callback to redirect URL) like a browser. */
  private static String approveAtSandboxBank(String authorisationUrl) throws Exception {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(URI.create(authorisationUrl + "/approve"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    String location = authorisationUrl;
    while (response.statusCode() == 303) {
      location = URI.create(location).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
      response = browser.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    }
    return location;
  }

  private SandboxJourney() {
  }
}
