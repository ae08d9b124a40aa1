package dev.consentgw.contracts.yapily;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslJsonArray;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.consentgw.clients.yapily.api.InstitutionsApiImpl;
import dev.consentgw.clients.yapily.api.UsersApiImpl;
import dev.consentgw.clients.yapily.invoker.ApiClient;
import dev.consentgw.clients.yapily.model.ApplicationUser;
import dev.consentgw.clients.yapily.model.DeleteStatusEnum;
import dev.consentgw.clients.yapily.model.NewApplicationUser;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.contracts.Pacts.Start;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.adapter.yapily.YapilyAdapter;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.consentgw.contracts.Pacts.await;
import static dev.consentgw.contracts.Pacts.failureOf;
import static dev.consentgw.contracts.yapily.YapilyContract.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway relies on from Yapily, written as a pact by driving the real {@link YapilyAdapter}
 * (its generated client, journey legs and error classification) against Pact's mock server.
 *
 * <p>The adapter never calls {@code GET /institutions/{id}} nor the {@code /users} operations; they
 * are part of what the gateway consumes (openapi/yapily.yaml), so they are pinned through the
 * generated Yapily client the adapter is built on, with the adapter's base URL and credentials.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.YAPILY, pactVersion = PactSpecVersion.V4)
class YapilyConsumerPactTest {

  private final Vertx vertx = Vertx.vertx();
  private final WebClient webClient = WebClient.create(vertx);

  @AfterEach
  void closeVertx() throws Exception {
    webClient.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ institutions

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact catalogue(PactDslWithProvider builder) {
    return catalogue(builder::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "catalogue")
  void theCatalogueSaysWhatEachInstitutionOffersAndHowItAuthorises(MockServer yapily) throws Exception {
    List<Institution> institutions = await(adapter(yapily).listInstitutions());

    assertThat(institutions).extracting(Institution::providerInstitutionId)
        .containsExactly(SINGLE_LEG_BANK, PRE_AUTHORISATION_BANK);
    assertThat(institutions).allSatisfy(bank -> {
      assertThat(bank.connectable()).isTrue();
      assertThat(bank.environment()).isEqualTo(Environment.SANDBOX);
      assertThat(bank.permissions()).contains(Permission.ACCOUNTS, Permission.TRANSACTIONS);
    });
    assertThat(institutions.get(0).countries()).containsExactly("GB");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact oneInstitution(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(INSTITUTION_SINGLE_LEG, institution(SINGLE_LEG_BANK))
        .uponReceiving("a request for one institution")
        .method("GET")
        .matchPath("^/institutions/[A-Za-z0-9._~-]+$", "/institutions/" + SINGLE_LEG_BANK)
        .pathFromProviderState("/institutions/${" + INSTITUTION_ID + "}", "/institutions/" + SINGLE_LEG_BANK))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(bank -> institutionShape(bank, SINGLE_LEG_BANK, "GB", "INITIATE_ACCOUNT_REQUEST"))
            .build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "oneInstitution")
  void oneInstitutionComesBare(MockServer yapily) throws Exception {
    var bank = await(new InstitutionsApiImpl(generatedClient(yapily)).getInstitution(SINGLE_LEG_BANK));

    assertThat(bank.getId()).isEqualTo(SINGLE_LEG_BANK);
    assertThat(bank.getFeatures()).isNotEmpty();
  }

  // ------------------------------------------------------------------ single-leg journeys

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact singleLegAuthorisation(PactDslWithProvider builder) {
    return accountAuthorisation(builder.given(CREDENTIALS_VALID)
        .given(INSTITUTION_SINGLE_LEG, institution(SINGLE_LEG_BANK))
        .uponReceiving("an account authorisation request")
        .method("POST"), SINGLE_LEG_BANK)
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> authorisation(data, "AWAITING_AUTHORIZATION")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "singleLegAuthorisation")
  void aSingleLegJourneyStartsWithAnAccountAuthorisation(MockServer yapily) throws Exception {
    ConsentStart start = await(adapter(yapily).startConsent(consentRequest(singleLegBank(SINGLE_LEG_BANK))));

    assertThat(start.providerConsentId()).isEqualTo(EXAMPLE_CONSENT_ID);
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).startsWith("https://");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact failingBank(PactDslWithProvider builder) {
    return accountAuthorisation(builder.given(CREDENTIALS_VALID)
        .given(BANK_FAILING, institution(FAILING_BANK))
        .uponReceiving("an account authorisation request at an institution whose bank is failing")
        .method("POST"), FAILING_BANK)
        .willRespondWith()
        .status(424)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        // The legacy error shape, with the bank named as the source and the bank's own answer.
        .body(LambdaDsl.newJsonBody(body -> body.object("error", error -> error
            .integerType("code", 424)
            .stringType("status", "FAILED_DEPENDENCY")
            .stringType("message", "The institution could not process the request.")
            .stringValue("source", "INSTITUTION")
            .object("institutionError", bank -> bank
                .stringType("errorMessage", "Service temporarily unavailable at the bank.")
                .integerType("httpStatusCode", 503)))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "failingBank")
  void aFailingBankMakesTheInstitutionUnavailable(MockServer yapily) throws Exception {
    Throwable failure = failureOf(adapter(yapily).startConsent(consentRequest(singleLegBank(FAILING_BANK))));

    assertThat(failure).isInstanceOfSatisfying(ProviderFailure.class, f -> {
      assertThat(f.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
      assertThat(f.error().institutionId()).isEqualTo(FAILING_BANK);
    });
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact singleLegCallback(PactDslWithProvider builder) {
    return oneTimeTokenExchange(builder::given, ONE_TIME_TOKEN_FOR_AUTHORISED, SINGLE_LEG_BANK,
        "an exchange of a one-time token for an authorised consent", "AUTHORIZED").toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "singleLegCallback")
  void theCallbackExchangesTheOneTimeTokenForTheConsentToken(MockServer yapily) throws Exception {
    ProviderConsentRef ref = new ProviderConsentRef(EXAMPLE_CONSENT_ID, SINGLE_LEG_BANK, USER_REFERENCE, Map.of(), null);

    CallbackResult result = await(adapter(yapily).completeCallback(ref,
        new CallbackParams(Map.of("one-time-token", EXAMPLE_ONE_TIME_TOKEN)), null));

    assertThat(result.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(result.consentToken()).isEqualTo(EXAMPLE_CONSENT_TOKEN);
    assertThat(result.authorizedAt()).isNotNull();
  }

  // ------------------------------------------------------------------ two-leg journeys

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact twoLegJourney(PactDslWithProvider builder) {
    PactDslResponse listed = catalogue(builder::given);
    PactDslResponse preAuthorised = preAuthorisation(listed.given(CREDENTIALS_VALID)
        .given(INSTITUTION_PRE_AUTHORISATION, institution(PRE_AUTHORISATION_BANK))
        .uponReceiving("a pre-authorisation request")
        .method("POST"), PRE_AUTHORISATION_BANK)
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> authorisation(data, "AWAITING_PRE_AUTHORIZATION")));
    PactDslResponse exchanged = oneTimeTokenExchange(preAuthorised::given, ONE_TIME_TOKEN_FOR_PRE_AUTHORISED,
        PRE_AUTHORISATION_BANK, "an exchange of a one-time token for a pre-authorised consent", "PRE_AUTHORIZED");
    PactDslRequestWithPath continuation = withCredentials(exchanged.given(CREDENTIALS_VALID)
        .given(CONSENT_PRE_AUTHORISED, consentParams(PRE_AUTHORISATION_BANK))
        .uponReceiving("an account authorisation continuing a pre-authorisation")
        .method("PUT")
        .path("/account-auth-requests")
        .matchHeader("consent", "^\\S+$", EXAMPLE_CONSENT_TOKEN)
        .headerFromProviderState("consent", "${" + CONSENT_TOKEN + "}", EXAMPLE_CONSENT_TOKEN));
    return continuation
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(accountAuthorisationBody(PRE_AUTHORISATION_BANK, PRE_AUTHORISATION_FEATURES))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> authorisation(data, "AWAITING_AUTHORIZATION")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "twoLegJourney")
  void aBankThatNeedsPreAuthorisationGetsTwoLegs(MockServer yapily) throws Exception {
    YapilyAdapter adapter = adapter(yapily);
    Institution bank = preAuthorisationBank(await(adapter.listInstitutions()));

    ConsentStart start = await(adapter.startConsent(consentRequest(bank)));
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);

    ProviderConsentRef ref = new ProviderConsentRef(start.providerConsentId(), bank.providerInstitutionId(),
        USER_REFERENCE, start.providerState(), null);
    CallbackResult secondLeg = await(adapter.completeCallback(ref,
        new CallbackParams(Map.of("one-time-token", EXAMPLE_ONE_TIME_TOKEN)), EXAMPLE_CALLBACK));

    assertThat(secondLeg.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(secondLeg.nextAuthorisationUrl()).startsWith("https://");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact failingBankBeforePreAuthorisation(PactDslWithProvider builder) {
    PactDslResponse listed = catalogue(builder::given);
    return preAuthorisation(listed.given(CREDENTIALS_VALID)
        .given(BANK_FAILING, institution(FAILING_BANK))
        .uponReceiving("a pre-authorisation request at an institution whose bank is failing")
        .method("POST"), FAILING_BANK)
        .willRespondWith()
        .status(424)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        // The newer error shape: the bank's answer is inside an issue.
        .body(LambdaDsl.newJsonBody(body -> body.object("error", error -> error
            .stringValue("source", "INSTITUTION")
            .minArrayLike("issues", 1, issue -> issue
                .stringType("type", "INSTITUTION_ERROR")
                .stringType("message", "The institution could not process the request.")
                .object("institutionError", bank -> bank
                    .stringType("errorMessage", "Service temporarily unavailable at the bank.")
                    .integerType("httpStatusCode", 503))))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "failingBankBeforePreAuthorisation")
  void aFailingBankInTheNewerErrorShapeMakesTheInstitutionUnavailable(MockServer yapily) throws Exception {
    YapilyAdapter adapter = adapter(yapily);
    // A bank that needs pre-authorisation, as the catalogue describes it; the provider state makes its bank fail.
    Institution bank = preAuthorisationBank(await(adapter.listInstitutions()));

    Throwable failure = failureOf(adapter.startConsent(consentRequest(bank)));

    assertThat(failure).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE));
  }

  // ------------------------------------------------------------------ reading and revoking

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact authorisedConsent(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(CONSENT_AUTHORISED, consentParams(SINGLE_LEG_BANK))
        .uponReceiving("a request for an authorised consent")
        .method("GET")
        .matchPath("^/consents/[0-9a-fA-F-]{36}$", "/consents/" + EXAMPLE_CONSENT_ID)
        .pathFromProviderState("/consents/${" + CONSENT_ID + "}", "/consents/" + EXAMPLE_CONSENT_ID))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> consent(data, "AUTHORIZED")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "authorisedConsent")
  void anAuthorisedConsentReadsAsAuthorised(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(state.expiresAt()).isNotNull();
  }

  // ------------------------------------------------------------------ renewal and reconfirmation

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact renewal(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(CONSENT_AUTHORISED, consentParams(SINGLE_LEG_BANK))
        .uponReceiving("a re-authorisation of an authorised consent")
        .method("PATCH")
        .path("/account-auth-requests")
        .matchHeader("consent", "^\\S+$", EXAMPLE_CONSENT_TOKEN)
        .headerFromProviderState("consent", "${" + CONSENT_TOKEN + "}", EXAMPLE_CONSENT_TOKEN))
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> authorisation(data, "AWAITING_RE_AUTHORIZATION")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "renewal")
  void anAuthorisedConsentCanBeRenewedAtTheBank(MockServer yapily) throws Exception {
    ConsentStart renewal = await(adapter(yapily).reauthoriseConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(renewal.providerConsentId()).isEqualTo(EXAMPLE_CONSENT_ID);
    assertThat(renewal.status()).as("usable while renewed").isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(renewal.authorisationUrl()).startsWith("https://");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact reconfirmation(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(CONSENT_AUTHORISED, consentParams(SINGLE_LEG_BANK))
        .uponReceiving("a reconfirmation of an authorised UK consent")
        .method("POST")
        .matchPath("^/consents/[0-9a-fA-F-]{36}/extend$", "/consents/" + EXAMPLE_CONSENT_ID + "/extend")
        .pathFromProviderState("/consents/${" + CONSENT_ID + "}/extend", "/consents/" + EXAMPLE_CONSENT_ID + "/extend"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody().stringMatcher("lastConfirmedAt", Pacts.DATE_TIME_REGEX, EXAMPLE_CONFIRMED_AT))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("status", "AUTHORIZED")
            .stringMatcher("lastConfirmedAt", Pacts.DATE_TIME_REGEX, EXAMPLE_CONFIRMED_AT)
            .stringMatcher("reconfirmBy", Pacts.DATE_TIME_REGEX, "2025-09-01T09:12:41Z")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "reconfirmation")
  void anAuthorisedUkConsentCanBeReconfirmed(MockServer yapily) throws Exception {
    ConsentReconfirmation done = await(adapter(yapily).reconfirmConsent(consentRef(EXAMPLE_CONSENT_ID),
        java.time.Instant.parse(EXAMPLE_CONFIRMED_AT)));

    assertThat(done.lastConfirmedAt()).isEqualTo(java.time.Instant.parse(EXAMPLE_CONFIRMED_AT));
    assertThat(done.reconfirmBy()).isNotNull();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact expiredConsent(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_EXPIRED, "a request for an expired consent", data -> data
        .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", "EXPIRED"));
  }

  @Test
  @PactTestFor(pactMethod = "expiredConsent")
  void anExpiredConsentReadsAsExpired(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.EXPIRED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact consentDeletedByBank(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_DELETED_BY_BANK, "a request for a consent the bank deleted", data -> data
        .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringType("status", "AUTHORIZED")
        .booleanValue("isDeletedByInstitution", true));
  }

  @Test
  @PactTestFor(pactMethod = "consentDeletedByBank")
  void aConsentTheBankDeletedReadsAsRevokedWhateverItsStatus(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact consentBeingRenewed(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_BEING_RENEWED, "a request for a consent being renewed", data -> data
        .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", "AWAITING_RE_AUTHORIZATION")
        .stringMatcher("authorizedAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:12:41Z")
        .stringMatcher("expiresAt", Pacts.DATE_TIME_REGEX, "2025-09-01T09:12:41Z"));
  }

  @Test
  @PactTestFor(pactMethod = "consentBeingRenewed")
  void aConsentBeingRenewedStaysAuthorisedWithItsAuthorisation(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).as("usable while renewed").isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(state.authorizedAt()).isEqualTo(java.time.Instant.parse("2025-06-03T09:12:41Z"));
    assertThat(state.expiresAt()).isEqualTo(java.time.Instant.parse("2025-09-01T09:12:41Z"));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact consumedPreAuthorisation(PactDslWithProvider builder) {
    return readConsentIn(builder, PRE_AUTHORISATION_CONSUMED, PRE_AUTHORISATION_BANK,
        "a request for a consumed pre-authorisation", data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("status", "CONSUMED"));
  }

  @Test
  @PactTestFor(pactMethod = "consumedPreAuthorisation")
  void aConsumedConsentReadsAsExpired(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).as("its single use is spent").isEqualTo(ConsentStatus.EXPIRED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact consentAwaitingDecoupledApproval(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_AWAITING_DECOUPLED_APPROVAL, PRE_AUTHORISATION_BANK,
        "a request for a consent awaiting approval in the banking app", data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("status", "AWAITING_DECOUPLED_AUTHORIZATION"));
  }

  @Test
  @PactTestFor(pactMethod = "consentAwaitingDecoupledApproval")
  void aConsentAwaitingDecoupledApprovalIsStillAwaitingAuthorisation(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(noTokenYet(PRE_AUTHORISATION_BANK)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(state.consentToken()).isNull();
    assertThat(state.stale()).isFalse();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact consentAwaitingAuthorisation(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_AWAITING_AUTHORISATION, "a request for a consent the user has not answered",
        data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("status", "AWAITING_AUTHORIZATION"));
  }

  @Test
  @PactTestFor(pactMethod = "consentAwaitingAuthorisation")
  void anUnansweredConsentIsAwaitingAuthorisation(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(noTokenYet(SINGLE_LEG_BANK)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(state.consentToken()).isNull();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact preAuthorisedConsentRead(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_PRE_AUTHORISED, PRE_AUTHORISATION_BANK,
        "a request for a pre-authorised consent", data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("status", "PRE_AUTHORIZED"));
  }

  @Test
  @PactTestFor(pactMethod = "preAuthorisedConsentRead")
  void aPreAuthorisedConsentStillAwaitsItsSecondLeg(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(noTokenYet(PRE_AUTHORISATION_BANK)));

    assertThat(state.status()).as("the account authorisation is still to come")
        .isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact rejectedConsent(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_REJECTED, "a request for a consent the user refused", data -> data
        .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", "REJECTED"));
  }

  @Test
  @PactTestFor(pactMethod = "rejectedConsent")
  void aRefusedConsentReadsAsRejected(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(noTokenYet(SINGLE_LEG_BANK)));

    assertThat(state.status()).isEqualTo(ConsentStatus.REJECTED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact revokedConsent(PactDslWithProvider builder) {
    return readConsentIn(builder, CONSENT_REVOKED, "a request for a consent the application revoked", data -> data
        .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", "REVOKED"));
  }

  @Test
  @PactTestFor(pactMethod = "revokedConsent")
  void aRevokedConsentReadsAsRevoked(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_CONSENT_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.REVOKED);
  }

  private static V4Pact readConsentIn(PactDslWithProvider builder, String providerState, String description,
      Consumer<LambdaDslObject> data) {
    return readConsentIn(builder, providerState, SINGLE_LEG_BANK, description, data);
  }

  private static V4Pact readConsentIn(PactDslWithProvider builder, String providerState, String institutionId,
      String description, Consumer<LambdaDslObject> data) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(providerState, consentParams(institutionId))
        .uponReceiving(description)
        .method("GET")
        .matchPath("^/consents/[0-9a-fA-F-]{36}$", "/consents/" + EXAMPLE_CONSENT_ID)
        .pathFromProviderState("/consents/${" + CONSENT_ID + "}", "/consents/" + EXAMPLE_CONSENT_ID))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data))
        .toPact(V4Pact.class);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact unknownConsent(PactDslWithProvider builder) {
    return notFound(withCredentials(builder.given(CREDENTIALS_VALID)
        .given(NO_CONSENT, Map.of(CONSENT_ID, EXAMPLE_UNKNOWN_CONSENT_ID))
        .uponReceiving("a request for a consent Yapily does not know")
        .method("GET")
        .path("/consents/" + EXAMPLE_UNKNOWN_CONSENT_ID)))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownConsent")
  void aConsentYapilyNoLongerKnowsReadsAsRevoked(MockServer yapily) throws Exception {
    ConsentState state = await(adapter(yapily).readConsent(consentRef(EXAMPLE_UNKNOWN_CONSENT_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact deletion(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(CONSENT_AUTHORISED, consentParams(SINGLE_LEG_BANK))
        .uponReceiving("a deletion of an authorised consent")
        .method("DELETE")
        .matchPath("^/consents/[0-9a-fA-F-]{36}$", "/consents/" + EXAMPLE_CONSENT_ID)
        .pathFromProviderState("/consents/${" + CONSENT_ID + "}", "/consents/" + EXAMPLE_CONSENT_ID)
        .query("forceDelete=true"))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> data
            .uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
            .stringValue("deleteStatus", "SUCCESS")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "deletion")
  void anAuthorisedConsentCanBeDeleted(MockServer yapily) throws Exception {
    await(adapter(yapily).revokeConsent(consentRef(EXAMPLE_CONSENT_ID)));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact deletionOfAnUnknownConsent(PactDslWithProvider builder) {
    return notFound(withCredentials(builder.given(CREDENTIALS_VALID)
        .given(NO_CONSENT, Map.of(CONSENT_ID, EXAMPLE_UNKNOWN_CONSENT_ID))
        .uponReceiving("a deletion of a consent Yapily does not know")
        .method("DELETE")
        .path("/consents/" + EXAMPLE_UNKNOWN_CONSENT_ID)
        .query("forceDelete=true")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "deletionOfAnUnknownConsent")
  void deletingAConsentYapilyNoLongerKnowsSucceeds(MockServer yapily) throws Exception {
    await(adapter(yapily).revokeConsent(consentRef(EXAMPLE_UNKNOWN_CONSENT_ID)));
  }

  // ------------------------------------------------------------------ credentials and outages

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact rejectedCredentials(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_INVALID)
        .uponReceiving("a request for the institution catalogue with credentials Yapily does not accept")
        .method("GET")
        .path("/institutions"))
        .willRespondWith()
        .status(401)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(legacyError(401, "UNAUTHORIZED"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "rejectedCredentials")
  void rejectedCredentialsAreAnAuthenticationFailure(MockServer yapily) throws Exception {
    assertThat(failureOf(adapter(yapily).listInstitutions())).isInstanceOfSatisfying(ProviderFailure.class, f -> {
      assertThat(f.error().kind()).isEqualTo(Kind.AUTHENTICATION);
      assertThat(f.error().upstreamStatus()).isEqualTo(401);
    });
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact outage(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(YAPILY_FAILING)
        .uponReceiving("a request for the institution catalogue while Yapily is failing")
        .method("GET")
        .path("/institutions"))
        .willRespondWith()
        .serverErrorStatus()
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "outage")
  void aServerErrorMakesYapilyUnavailable(MockServer yapily) throws Exception {
    assertThat(failureOf(adapter(yapily).listInstitutions())).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(Kind.UNAVAILABLE));
  }

  // ------------------------------------------------------------------ users

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact userCreation(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(NO_USER, Map.of(APPLICATION_USER_ID, USER_REFERENCE))
        .uponReceiving("a request to create a user")
        .method("POST")
        .path("/users"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody().stringMatcher("applicationUserId", APPLICATION_USER_ID_REGEX, USER_REFERENCE))
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(this::applicationUser).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "userCreation")
  void aUserIsCreatedBare(MockServer yapily) throws Exception {
    ApplicationUser user = await(new UsersApiImpl(generatedClient(yapily))
        .addUser(new NewApplicationUser().applicationUserId(USER_REFERENCE)));

    assertThat(user.getUuid()).isEqualTo(UUID.fromString(EXAMPLE_USER_UUID));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact userLookup(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(USER_EXISTS, Map.of(APPLICATION_USER_ID, USER_REFERENCE))
        .uponReceiving("a request for the users with an application user id")
        .method("GET")
        .path("/users")
        .matchQuery("filter[applicationUserId]", APPLICATION_USER_ID_REGEX, USER_REFERENCE))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonArrayMinLike(1, users -> users.object(this::applicationUser)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "userLookup")
  void usersAreFoundByApplicationUserIdInABareList(MockServer yapily) throws Exception {
    List<ApplicationUser> users = await(new UsersApiImpl(generatedClient(yapily)).getUsers(Set.of(USER_REFERENCE)));

    assertThat(users).extracting(ApplicationUser::getApplicationUserId).containsExactly(USER_REFERENCE);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact userDeletion(PactDslWithProvider builder) {
    return withCredentials(builder.given(CREDENTIALS_VALID)
        .given(USER_EXISTS, Map.of(APPLICATION_USER_ID, USER_REFERENCE))
        .uponReceiving("a request to delete a user")
        .method("DELETE")
        .matchPath("^/users/[0-9a-fA-F-]{36}$", "/users/" + EXAMPLE_USER_UUID)
        .pathFromProviderState("/users/${" + USER_UUID + "}", "/users/" + EXAMPLE_USER_UUID))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(envelope(data -> data
            .uuid("id", UUID.fromString(EXAMPLE_USER_UUID))
            .stringValue("deleteStatus", "SUCCESS")))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "userDeletion")
  void aUserIsDeletedWithItsConsents(MockServer yapily) throws Exception {
    var deleted = await(new UsersApiImpl(generatedClient(yapily)).deleteUser(UUID.fromString(EXAMPLE_USER_UUID)));

    assertThat(deleted.getData().getDeleteStatus()).isEqualTo(DeleteStatusEnum.SUCCESS);
  }

  // ------------------------------------------------------------------ interactions

  /**
   * {@code GET /institutions}: the catalogue contains (among others) a bank that authorises in a
   * single leg and a bank that requires pre-authorisation, each with what the gateway reads of it.
   */
  private static PactDslResponse catalogue(Start start) {
    return withCredentials(start.given(CREDENTIALS_VALID)
        .given(INSTITUTION_SINGLE_LEG, institution(SINGLE_LEG_BANK))
        .given(INSTITUTION_PRE_AUTHORISATION, institution(PRE_AUTHORISATION_BANK))
        .uponReceiving("a request for the institution catalogue")
        .method("GET")
        .path("/institutions"))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.arrayContaining("data", data -> data
            .object(bank -> institutionShape(bank, SINGLE_LEG_BANK, "GB", "INITIATE_ACCOUNT_REQUEST"))
            .object(bank -> institutionShape(bank, PRE_AUTHORISATION_BANK, "DE", "INITIATE_PRE_AUTHORISATION"))))
            .build());
  }

  /** {@code POST /consent-one-time-token}: the consent behind the callback's one-time token, bare. */
  private static PactDslResponse oneTimeTokenExchange(Start start, String tokenState, String institutionId,
      String description, String status) {
    return withCredentials(start.given(CREDENTIALS_VALID)
        .given(tokenState, consentParams(institutionId))
        .uponReceiving(description)
        .method("POST")
        .path("/consent-one-time-token"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(Pacts.fromProviderState(new PactDslJsonBody(), "oneTimeToken", "^\\S+$", ONE_TIME_TOKEN,
            EXAMPLE_ONE_TIME_TOKEN))
        .willRespondWith()
        .status(201)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(consent -> {
          consent(consent, status);
          consent.stringMatcher("consentToken", "^\\S+$", EXAMPLE_CONSENT_TOKEN);
        }).build());
  }

  private static PactDslRequestWithPath accountAuthorisation(
      PactDslRequestWithoutPath request, String institutionId) {
    return withCredentials(request.path("/account-auth-requests"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(accountAuthorisationBody(institutionId, EXAMPLE_FEATURES));
  }

  private static PactDslRequestWithPath preAuthorisation(
      PactDslRequestWithoutPath request, String institutionId) {
    PactDslJsonBody body = new PactDslJsonBody()
        .stringMatcher("applicationUserId", APPLICATION_USER_ID_REGEX, USER_REFERENCE);
    Pacts.fromProviderState(body, "institutionId", INSTITUTION_ID_REGEX, INSTITUTION_ID, institutionId);
    body.stringValue("scope", "AIS")
        .stringMatcher("callback", CALLBACK_REGEX, EXAMPLE_CALLBACK)
        .booleanValue("oneTimeToken", true);
    forwardedJourney(body);
    return withCredentials(request.path("/pre-auth-requests"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(body);
  }

  /**
   * The gateway's account authorisation: the tenant-scoped user, the features of the permissions
   * asked for, and a callback that receives a one-time token (never the consent token itself).
   */
  private static PactDslJsonBody accountAuthorisationBody(String institutionId, List<String> featureScope) {
    PactDslJsonBody body = new PactDslJsonBody()
        .stringMatcher("applicationUserId", APPLICATION_USER_ID_REGEX, USER_REFERENCE);
    Pacts.fromProviderState(body, "institutionId", INSTITUTION_ID_REGEX, INSTITUTION_ID, institutionId);
    body.stringMatcher("callback", CALLBACK_REGEX, EXAMPLE_CALLBACK)
        .booleanValue("oneTimeToken", true);
    forwardedJourney(body);
    PactDslJsonArray features = body.object("accountRequest").array("featureScope");
    featureScope.forEach(features::stringValue);
    features.closeArray().closeObject();
    return body;
  }

  /** The callback's own {@code journey=} pair again, in Yapily's documented {@code forwardParameters}. */
  private static void forwardedJourney(PactDslJsonBody body) {
    body.array("forwardParameters").stringMatcher(FORWARDED_JOURNEY_REGEX, EXAMPLE_FORWARDED_JOURNEY).closeArray();
  }

  private static PactDslResponse notFound(PactDslRequestWithPath request) {
    return request.willRespondWith()
        .status(404)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(legacyError(404, "NOT_FOUND"));
  }

  // ------------------------------------------------------------------ shapes

  private static PactDslRequestWithPath withCredentials(PactDslRequestWithPath request) {
    return request
        .matchHeader("Authorization", BASIC_REGEX, EXAMPLE_AUTHORIZATION)
        .headerFromProviderState("Authorization", "${" + AUTHORIZATION + "}", EXAMPLE_AUTHORIZATION);
  }

  /**
   * What the catalogue reads of an institution; {@code authorisation} is the feature that says how
   * a journey starts there, and the account-data features follow it.
   */
  private static void institutionShape(LambdaDslObject bank, String id, String country, String authorisation) {
    bank.stringType("id", id)
        .stringType("name", "Example Bank")
        .minArrayLike("countries", 1, place -> place.stringMatcher("countryCode2", "^[A-Z]{2}$", country))
        .stringType("environmentType", "SANDBOX")
        .arrayContaining("features", features -> features
            .stringValue(authorisation)
            .stringValue("ACCOUNTS")
            .stringValue("ACCOUNT_TRANSACTIONS"));
  }

  /** Yapily's envelope {@code {meta:{tracingId}, data}}. */
  private static DslPart envelope(Consumer<LambdaDslObject> data) {
    return LambdaDsl.newJsonBody(body -> body
        .object("meta", meta -> meta.stringType("tracingId", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"))
        .object("data", data)).build();
  }

  /** An authorisation response: the consent id, its status and where to send the user. */
  private static void authorisation(LambdaDslObject data, String status) {
    data.uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", status)
        .stringMatcher("authorisationUrl", Pacts.URL_REGEX, "https://sandbox.yapily.example/bank/" + EXAMPLE_CONSENT_ID);
  }

  private static void consent(LambdaDslObject consent, String status) {
    consent.uuid("id", UUID.fromString(EXAMPLE_CONSENT_ID))
        .stringValue("status", status);
    if ("AUTHORIZED".equals(status)) {
      consent.stringMatcher("authorizedAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:12:41Z")
          .stringMatcher("expiresAt", Pacts.DATE_TIME_REGEX, "2025-09-01T09:12:41Z")
          .booleanType("isDeletedByInstitution", false);
    }
  }

  private void applicationUser(LambdaDslObject user) {
    user.uuid("uuid", UUID.fromString(EXAMPLE_USER_UUID))
        .stringMatcher("applicationUserId", APPLICATION_USER_ID_REGEX, USER_REFERENCE)
        .stringMatcher("createdAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:12:41Z");
  }

  private static DslPart legacyError(int status, String statusName) {
    return LambdaDsl.newJsonBody(body -> body.object("error", error -> error
        .integerType("code", status)
        .stringType("status", statusName)
        .stringType("message", "An explanation of the error."))).build();
  }

  private static Map<String, Object> institution(String institutionId) {
    return Map.of(INSTITUTION_ID, institutionId);
  }

  private static Map<String, Object> consentParams(String institutionId) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(APPLICATION_USER_ID, USER_REFERENCE);
    params.put(INSTITUTION_ID, institutionId);
    return params;
  }

  // ------------------------------------------------------------------ the code under test

  private YapilyAdapter adapter(MockServer yapily) {
    return new YapilyAdapter(vertx, webClient, new YapilyOptions(true, yapily.getUrl(),
        YapilySimulatorOptions.SANDBOX_APPLICATION_ID, YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET),
        new DirectUpstreamPolicy());
  }

  /** The generated client the adapter is built on, with the same base URL and credentials. */
  private ApiClient generatedClient(MockServer yapily) {
    ApiClient client = new ApiClient(vertx, new JsonObject().put("basePath", yapily.getUrl()));
    client.setUsername(YapilySimulatorOptions.SANDBOX_APPLICATION_ID);
    client.setPassword(YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET);
    return client;
  }

  private static Institution preAuthorisationBank(List<Institution> catalogue) {
    return catalogue.stream().filter(bank -> bank.providerInstitutionId().equals(PRE_AUTHORISATION_BANK))
        .findFirst().orElseThrow();
  }

  /** A single-leg bank as the catalogue describes one whose features it did not record. */
  private static Institution singleLegBank(String institutionId) {
    return new Institution("yapily", institutionId, "Example Bank", null, List.of("GB"), null,
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS), true, Environment.SANDBOX, Map.of());
  }

  private static ConsentRequest consentRequest(Institution bank) {
    return new ConsentRequest(bank, USER_REFERENCE,
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS), EXAMPLE_CALLBACK, null, null);
  }

  /** A consent the gateway knows only by id: no consent token reached it (yet). */
  private static ProviderConsentRef noTokenYet(String institutionId) {
    return new ProviderConsentRef(EXAMPLE_CONSENT_ID, institutionId, USER_REFERENCE, Map.of(), null);
  }

  private static ProviderConsentRef consentRef(String consentId) {
    return new ProviderConsentRef(consentId, SINGLE_LEG_BANK, USER_REFERENCE, Map.of(), EXAMPLE_CONSENT_TOKEN);
  }
}
