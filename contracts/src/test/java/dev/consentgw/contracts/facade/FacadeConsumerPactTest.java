package dev.consentgw.contracts.facade;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.sdk.ApiClient;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.InstitutionsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.Institution;
import dev.consentgw.sdk.model.InstitutionPage;
import dev.consentgw.sdk.model.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.consentgw.contracts.facade.FacadeContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What an API consumer relies on from the gateway's published facade, written from the point of
 * view of an example fintech that integrates with the generated facade client SDK
 * ({@code dev.consentgw.sdk}): find a bank, start a consent journey, read and revoke the consent,
 * and the errors it branches on by {@code code}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.GATEWAY, pactVersion = PactSpecVersion.V4)
class FacadeConsumerPactTest {

  private static final String CONSENTS = "/v1/consents";
  /** Not {@code <provider>:<id>}: the contract's pattern for institution ids refuses it. */
  private static final String MALFORMED_INSTITUTION_ID = "thistle bank";

  // ------------------------------------------------------------------ institutions

  @Pact(consumer = Pacts.FINTECH)
  V4Pact institutionSearch(PactDslWithProvider builder) {
    return authenticated(builder.given(INSTITUTION_OFFERS_ACCOUNTS, institution(EXAMPLE_INSTITUTION_ID))
        .uponReceiving("a search for institutions by country and name")
        .method("GET")
        .path("/v1/institutions")
        .query("country=GB&q=Thistle"))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, "req_9f8e7d6c5b4a")
        .body(LambdaDsl.newJsonBody(page -> page
            .minArrayLike("data", 1, FacadeConsumerPactTest::institutionShape)
            .object("meta", meta -> meta.minArrayLike("providers", 1, provider -> provider
                .stringType("provider", "yapily")
                .stringMatcher("status", "^[a-z_]+$", "fresh")))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "institutionSearch")
  void aFintechFindsABankByCountryAndName(MockServer gateway) throws Exception {
    InstitutionPage page = institutions(gateway, EXAMPLE_API_KEY)
        .listInstitutions(null, "GB", null, null, "Thistle", null, null);

    assertThat(page.getData()).singleElement().satisfies(bank -> {
      assertThat(bank.getId()).isEqualTo(EXAMPLE_INSTITUTION_ID);
      assertThat(bank.getConnectable()).isTrue();
      assertThat(bank.getPermissions()).contains("accounts", "transactions");
    });
    assertThat(page.getMeta().getProviders()).isNotEmpty();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact oneInstitution(PactDslWithProvider builder) {
    return authenticated(builder.given(INSTITUTION_OFFERS_ACCOUNTS, institution(EXAMPLE_INSTITUTION_ID))
        .uponReceiving("a request for one institution")
        .method("GET")
        // The SDK percent-encodes the ':' of the institution id in the path.
        .path("/v1/institutions/" + EXAMPLE_INSTITUTION_ID.replace(":", "%3A")))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, "req_9f8e7d6c5b4a")
        .body(LambdaDsl.newJsonBody(FacadeConsumerPactTest::institutionShape).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "oneInstitution")
  void aFintechReadsOneBank(MockServer gateway) throws Exception {
    Institution bank = institutions(gateway, EXAMPLE_API_KEY).getInstitution(EXAMPLE_INSTITUTION_ID, null);

    assertThat(bank.getName()).isNotBlank();
    assertThat(bank.getCountries()).containsExactly("GB");
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact unknownApiKey(PactDslWithProvider builder) {
    return builder.given(API_KEY_UNKNOWN)
        .uponReceiving("a search for institutions with an API key the gateway does not know")
        .method("GET")
        .path("/v1/institutions")
        .matchHeader("Authorization", BEARER_REGEX, "Bearer " + EXAMPLE_UNKNOWN_API_KEY)
        .willRespondWith()
        .status(401)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(problem(401, "unauthenticated"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownApiKey")
  void anUnknownApiKeyIsUnauthenticated(MockServer gateway) throws Exception {
    Problem problem = problemOf(401,
        () -> institutions(gateway, EXAMPLE_UNKNOWN_API_KEY).listInstitutions(null, null, null, null, null, null, null));

    assertThat(problem.getCode()).isEqualTo("unauthenticated");
  }

  // ------------------------------------------------------------------ starting a journey

  @Pact(consumer = Pacts.FINTECH)
  V4Pact consentCreation(PactDslWithProvider builder) {
    return startJourney(builder.given(INSTITUTION_OFFERS_ACCOUNTS, institution(EXAMPLE_INSTITUTION_ID))
        .uponReceiving("a request to start a consent journey"), EXAMPLE_IDEMPOTENCY_KEY,
        journeyRequest(EXAMPLE_INSTITUTION_ID, "accounts", "transactions"))
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, "req_9f8e7d6c5b4a")
        .matchHeader("Location", "^\\S*/v1/consents/[A-Za-z0-9_-]{16,64}$", "/v1/consents/" + EXAMPLE_CONSENT_ID)
        .body(LambdaDsl.newJsonBody(consent -> {
          consentShape(consent, "awaiting_authorization");
          consent.stringMatcher("authorisationUrl", Pacts.URL_REGEX,
              "https://gateway.example/sandbox/yapily/bank/3f2b7c1d-8e4a-4b6f-9c2d-5a1e7b3c9d40");
          consent.stringValue("state", "session-88");
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "consentCreation")
  void aFintechStartsAJourneyAndGetsTheAuthorisationUrl(MockServer gateway) throws Exception {
    Consent consent = consents(gateway).createConsent(journey(EXAMPLE_INSTITUTION_ID, "accounts", "transactions"),
        null, EXAMPLE_IDEMPOTENCY_KEY);

    assertThat(consent.getId()).isEqualTo(EXAMPLE_CONSENT_ID);
    assertThat(consent.getStatus()).isEqualTo("awaiting_authorization");
    assertThat(consent.getAuthorisationUrl()).isNotNull();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact invalidJourney(PactDslWithProvider builder) {
    return startJourney(builder.given(INSTITUTION_OFFERS_ACCOUNTS, institution(EXAMPLE_INSTITUTION_ID))
        .uponReceiving("a request to start a consent journey with a malformed institution id"),
        null, journeyRequest(MALFORMED_INSTITUTION_ID, "accounts"))
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(problem(400, "validation_failed", body -> body.minArrayLike("errors", 1, error -> error
            .stringType("pointer", "/institutionId")
            .stringType("detail", "Does not match the pattern of institution ids."))))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "invalidJourney")
  void aRequestThatBreaksTheContractListsWhatIsWrong(MockServer gateway) throws Exception {
    Problem problem = problemOf(400,
        () -> consents(gateway).createConsent(journey(MALFORMED_INSTITUTION_ID, "accounts"), null, null));

    assertThat(problem.getCode()).isEqualTo("validation_failed");
    assertThat(problem.getErrors()).isNotEmpty();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact unsupportedPermission(PactDslWithProvider builder) {
    Map<String, Object> lacking = new LinkedHashMap<>();
    lacking.put(INSTITUTION_ID, EXAMPLE_PARTIAL_INSTITUTION_ID);
    lacking.put(PERMISSION, "customer");
    return startJourney(builder.given(INSTITUTION_LACKS_PERMISSION, lacking)
        .uponReceiving("a request to start a consent journey for a permission the institution does not offer"),
        null, journeyRequest(EXAMPLE_PARTIAL_INSTITUTION_ID, "accounts", "customer"))
        .willRespondWith()
        .status(422)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(problem(422, "permission_not_supported"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unsupportedPermission")
  void askingForWhatTheBankDoesNotOfferIsRefusedBeforeAnyJourney(MockServer gateway) throws Exception {
    Problem problem = problemOf(422, () -> consents(gateway)
        .createConsent(journey(EXAMPLE_PARTIAL_INSTITUTION_ID, "accounts", "customer"), null, null));

    assertThat(problem.getCode()).isEqualTo("permission_not_supported");
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact idempotencyConflict(PactDslWithProvider builder) {
    return startJourney(builder.given(IDEMPOTENCY_KEY_USED, Map.of(IDEMPOTENCY_KEY, EXAMPLE_REUSED_IDEMPOTENCY_KEY))
        .uponReceiving("a request to start a consent journey reusing an idempotency key with a different body"),
        EXAMPLE_REUSED_IDEMPOTENCY_KEY, journeyRequest(EXAMPLE_INSTITUTION_ID, "accounts", "transactions"))
        .willRespondWith()
        .status(422)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(problem(422, "idempotency_conflict"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "idempotencyConflict")
  void reusingAnIdempotencyKeyForAnotherJourneyIsAConflict(MockServer gateway) throws Exception {
    Problem problem = problemOf(422, () -> consents(gateway)
        .createConsent(journey(EXAMPLE_INSTITUTION_ID, "accounts", "transactions"), null, EXAMPLE_REUSED_IDEMPOTENCY_KEY));

    assertThat(problem.getCode()).isEqualTo("idempotency_conflict");
  }

  // ------------------------------------------------------------------ reading and revoking

  @Pact(consumer = Pacts.FINTECH)
  V4Pact authorisedConsent(PactDslWithProvider builder) {
    return authenticated(consentPath(builder.given(CONSENT_AUTHORISED, consentParams())
        .uponReceiving("a request for an authorised consent")
        .method("GET")))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, "req_9f8e7d6c5b4a")
        .body(LambdaDsl.newJsonBody(consent -> {
          consentShape(consent, "authorized");
          consent.stringMatcher("authorizedAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:14:02Z");
        }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "authorisedConsent")
  void aFintechConfirmsTheConsentIsAuthorised(MockServer gateway) throws Exception {
    Consent consent = consents(gateway).getConsent(EXAMPLE_CONSENT_ID, null);

    assertThat(consent.getStatus()).isEqualTo("authorized");
    assertThat(consent.getAuthorizedAt()).isNotNull();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact revocation(PactDslWithProvider builder) {
    return authenticated(consentPath(builder.given(CONSENT_AUTHORISED, consentParams())
        .uponReceiving("a request to revoke an authorised consent")
        .method("DELETE")))
        .willRespondWith()
        .status(204)
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, "req_9f8e7d6c5b4a")
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "revocation")
  void aFintechRevokesAConsent(MockServer gateway) throws Exception {
    consents(gateway).revokeConsent(EXAMPLE_CONSENT_ID, null);
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact unknownConsent(PactDslWithProvider builder) {
    return authenticated(builder.given(NO_CONSENT, Map.of(CONSENT_ID, EXAMPLE_UNKNOWN_CONSENT_ID))
        .uponReceiving("a request for a consent the tenant does not have")
        .method("GET")
        .path(CONSENTS + "/" + EXAMPLE_UNKNOWN_CONSENT_ID))
        .willRespondWith()
        .status(404)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(problem(404, "consent_not_found"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownConsent")
  void aConsentOfNoneOfTheTenantsIsNotFound(MockServer gateway) throws Exception {
    Problem problem = problemOf(404, () -> consents(gateway).getConsent(EXAMPLE_UNKNOWN_CONSENT_ID, null));

    assertThat(problem.getCode()).isEqualTo("consent_not_found");
  }

  // ------------------------------------------------------------------ requests

  private static PactDslRequestWithPath authenticated(PactDslRequestWithPath request) {
    return request.matchHeader("Authorization", BEARER_REGEX, "Bearer " + EXAMPLE_API_KEY);
  }

  private static PactDslRequestWithPath startJourney(PactDslRequestWithoutPath request, String idempotencyKey,
      PactDslJsonBody body) {
    PactDslRequestWithPath post = authenticated(request.method("POST").path(CONSENTS));
    if (idempotencyKey != null) {
      post.matchHeader("Idempotency-Key", "^[\\x21-\\x7E]{1,255}$", idempotencyKey);
    }
    return post.matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json").body(body);
  }

  /** The consent of the provider state, whichever id the gateway gave it. */
  private static PactDslRequestWithPath consentPath(PactDslRequestWithoutPath request) {
    return request
        .matchPath("^/v1/consents/[A-Za-z0-9_-]{16,64}$", CONSENTS + "/" + EXAMPLE_CONSENT_ID)
        .pathFromProviderState(CONSENTS + "/${" + CONSENT_ID + "}", CONSENTS + "/" + EXAMPLE_CONSENT_ID);
  }

  private static PactDslJsonBody journeyRequest(String institutionId, String... permissions) {
    PactDslJsonBody body = new PactDslJsonBody().stringValue("institutionId", institutionId);
    body.object("user").stringValue("reference", EXAMPLE_USER_REFERENCE).closeObject();
    var list = body.array("permissions");
    for (String permission : permissions) {
      list.stringValue(permission);
    }
    list.closeArray();
    return body.stringValue("redirectUrl", EXAMPLE_REDIRECT_URL).stringValue("state", "session-88");
  }

  // ------------------------------------------------------------------ responses

  private static void institutionShape(LambdaDslObject bank) {
    bank.stringMatcher("id", INSTITUTION_ID_REGEX, EXAMPLE_INSTITUTION_ID)
        .stringType("provider", "yapily")
        .stringType("name", "Thistle Bank")
        .eachLike("countries", PactDslJsonRootValue.stringMatcher("^[A-Z]{2}$", "GB"))
        // Among what can be asked for there: at least the two permissions the fintech needs.
        .arrayContaining("permissions", permissions -> permissions.stringValue("accounts").stringValue("transactions"))
        .booleanType("connectable", true)
        .stringType("environment", "sandbox");
  }

  private static void consentShape(LambdaDslObject consent, String status) {
    consent.stringMatcher("id", CONSENT_ID_REGEX, EXAMPLE_CONSENT_ID)
        .stringValue("status", status)
        .stringType("provider", "yapily")
        .stringMatcher("institutionId", INSTITUTION_ID_REGEX, EXAMPLE_INSTITUTION_ID)
        .object("user", user -> user.stringValue("reference", EXAMPLE_USER_REFERENCE))
        .array("permissions", permissions -> permissions.stringValue("accounts").stringValue("transactions"))
        .stringMatcher("createdAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:12:41Z")
        .stringMatcher("updatedAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:12:41Z")
        .stringType("providerConsentId", "3f2b7c1d-8e4a-4b6f-9c2d-5a1e7b3c9d40");
  }

  private static DslPart problem(int status, String code) {
    return problem(status, code, body -> { });
  }

  /** An RFC 9457 problem: the fintech branches on {@code code}; the rest is for people. */
  private static DslPart problem(int status, String code, Consumer<LambdaDslObject> more) {
    return LambdaDsl.newJsonBody(body -> {
      body.stringType("type", "https://consentgw.dev/problems/" + code)
          .stringType("title", "A short summary")
          .integerType("status", status)
          .stringValue("code", code);
      more.accept(body);
    }).build();
  }

  private static Map<String, Object> institution(String institutionId) {
    return Map.of(INSTITUTION_ID, institutionId);
  }

  private static Map<String, Object> consentParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(USER_REFERENCE, EXAMPLE_USER_REFERENCE);
    params.put(INSTITUTION_ID, EXAMPLE_INSTITUTION_ID);
    return params;
  }

  // ------------------------------------------------------------------ the fintech's SDK calls

  private static ApiClient sdk(MockServer gateway, String apiKey) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(gateway.getUrl());
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    return client;
  }

  private static InstitutionsApi institutions(MockServer gateway, String apiKey) {
    return new InstitutionsApi(sdk(gateway, apiKey));
  }

  private static ConsentsApi consents(MockServer gateway) {
    return new ConsentsApi(sdk(gateway, EXAMPLE_API_KEY));
  }

  private static CreateConsentRequest journey(String institutionId, String... permissions) {
    return new CreateConsentRequest()
        .institutionId(institutionId)
        .user(new ConsentUserInput().reference(EXAMPLE_USER_REFERENCE))
        .permissions(new LinkedHashSet<>(List.of(permissions)))
        .redirectUrl(URI.create(EXAMPLE_REDIRECT_URL))
        .state("session-88");
  }

  private static Problem problemOf(int status, Executable call) throws Exception {
    ApiException failure = assertThrows(ApiException.class, call);
    assertThat(failure.getCode()).isEqualTo(status);
    return new ObjectMapper().readValue(failure.getResponseBody(), Problem.class);
  }
}
