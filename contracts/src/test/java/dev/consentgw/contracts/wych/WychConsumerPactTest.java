package dev.consentgw.contracts.wych;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.FormPostBuilder;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.PactDslJsonArray;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.contracts.Pacts.Start;
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
import dev.consentgw.gateway.adapter.wych.WychAdapter;
import dev.consentgw.gateway.adapter.wych.WychOptions;
import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.consentgw.contracts.Pacts.await;
import static dev.consentgw.contracts.Pacts.failureOf;
import static dev.consentgw.contracts.wych.WychContract.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway relies on from Wych, written as a pact by driving the real {@link WychAdapter}
 * (its generated client, token handling and error mapping) against Pact's mock server. Every
 * request is the adapter's own; the pact only states what it must look like and what the answer
 * must contain for the adapter to do its job.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.WYCH, pactVersion = PactSpecVersion.V4)
class WychConsumerPactTest {

  private static final String TOKEN_PATH = "/token";
  private static final String USERS_PATH = "/partner/" + EXAMPLE_PARTNER_ID + "/app/" + EXAMPLE_APP_ID;
  private static final String USERS_PATH_REGEX = "^/partner/[0-9a-f-]{36}/app/[0-9a-f-]{36}";

  private final Vertx vertx = Vertx.vertx();
  private final WebClient webClient = WebClient.create(vertx);

  @AfterEach
  void closeVertx() throws Exception {
    webClient.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ catalogue

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact dataHolders(PactDslWithProvider builder) {
    return dataHolderListing(serviceToken(builder::given)::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "dataHolders")
  void theCatalogueListsEachDataHolderWithItsPermissions(MockServer wych) throws Exception {
    List<Institution> institutions = await(adapter(wych).listInstitutions());

    assertThat(institutions).singleElement().satisfies(holder -> {
      assertThat(holder.providerInstitutionId()).isEqualTo(EXAMPLE_DATA_HOLDER_ID);
      assertThat(holder.connectable()).isTrue();
      assertThat(holder.countries()).containsExactly("AU");
      assertThat(holder.permissions()).containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.BALANCES);
    });
  }

  // ------------------------------------------------------------------ journeys

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact journeyOfANewUser(PactDslWithProvider builder) {
    PactDslResponse token = serviceToken(builder::given);
    PactDslResponse user = findOrCreateUser(token::given, NO_USER_WITH_EMAIL, false);
    PactDslResponse userToken = userToken(user::given);
    return authorizeConnection(createConnection(userToken::given)::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "journeyOfANewUser")
  void aJourneyOfANewUserEndsAtTheDataHoldersAuthorisationPage(MockServer wych) throws Exception {
    ConsentStart start = await(adapter(wych).startConsent(consentRequest()));

    assertThat(start.providerConsentId()).isEqualTo(EXAMPLE_CONNECTION_ID);
    assertThat(start.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(start.authorisationUrl()).startsWith("https://");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact journeyOfAKnownUser(PactDslWithProvider builder) {
    PactDslResponse token = serviceToken(builder::given);
    PactDslResponse user = findOrCreateUser(token::given, USER_WITH_EMAIL, true);
    PactDslResponse userToken = userToken(user::given);
    return authorizeConnection(createConnection(userToken::given)::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "journeyOfAKnownUser")
  void aJourneyOfAKnownUserReusesTheUser(MockServer wych) throws Exception {
    ConsentStart start = await(adapter(wych).startConsent(consentRequest()));

    assertThat(start.providerState()).containsEntry("userId", EXAMPLE_USER_ID);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact notConnectable(PactDslWithProvider builder) {
    PactDslResponse token = serviceToken(builder::given);
    PactDslResponse user = findOrCreateUser(token::given, USER_WITH_EMAIL, true);
    return connectionToANonConnectableDataHolder(userToken(user::given)::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "notConnectable")
  void aDataHolderThatRefusesConnectionsRejectsTheJourney(MockServer wych) throws Exception {
    Institution holder = institution(EXAMPLE_NOT_CONNECTABLE_ID);
    ConsentRequest request = new ConsentRequest(holder, USER_REFERENCE,
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS), "https://gateway.example/v1/callbacks/wych", null, null);

    Throwable failure = failureOf(adapter(wych).startConsent(request));

    assertThat(failure).isInstanceOfSatisfying(ProviderFailure.class, f -> {
      assertThat(f.error().kind()).isEqualTo(Kind.REJECTED);
      assertThat(f.error().upstreamStatus()).isEqualTo(400);
    });
  }

  // ------------------------------------------------------------------ reading and revoking

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact activeConnection(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return readActiveConnection(userToken::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "activeConnection")
  void anActiveConnectionReadsAsAuthorised(MockServer wych) throws Exception {
    ConsentState state = await(adapter(wych).readConsent(consent(EXAMPLE_CONNECTION_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(state.expiresAt()).isNotNull();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact pendingConnectionRead(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return readConnectionIn(userToken::given, CONNECTION_PENDING, "PENDING").toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "pendingConnectionRead")
  void aPendingConnectionReadsAsAwaitingAuthorisation(MockServer wych) throws Exception {
    ConsentState state = await(adapter(wych).readConsent(consent(EXAMPLE_CONNECTION_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(state.stale()).isFalse();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact disconnectedConnectionRead(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return readConnectionIn(userToken::given, CONNECTION_DISCONNECTED, "DISCONNECTED").toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "disconnectedConnectionRead")
  void aDisconnectedConnectionReadsAsRevoked(MockServer wych) throws Exception {
    ConsentState state = await(adapter(wych).readConsent(consent(EXAMPLE_CONNECTION_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact expiredConnectionRead(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return readConnectionIn(userToken::given, CONNECTION_EXPIRED, "EXPIRED").toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "expiredConnectionRead")
  void anExpiredConnectionReadsAsExpired(MockServer wych) throws Exception {
    ConsentState state = await(adapter(wych).readConsent(consent(EXAMPLE_CONNECTION_ID)));

    assertThat(state.status()).isEqualTo(ConsentStatus.EXPIRED);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact unknownConnection(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return readUnknownConnection(userToken::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "unknownConnection")
  void aConnectionReadAnswering404IsUnconfirmedNotRevoked(MockServer wych) throws Exception {
    ConsentState state = await(adapter(wych).readConsent(consent(EXAMPLE_UNKNOWN_CONNECTION_ID)));

    // GET /connection/{id} is unverified: its 404 confirms nothing (the gateway keeps the last status, stale).
    assertThat(state).isEqualTo(ConsentState.unconfirmed());
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact revocation(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return revokeActiveConnection(userToken::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "revocation")
  void anActiveConnectionCanBeRevoked(MockServer wych) throws Exception {
    await(adapter(wych).revokeConsent(consent(EXAMPLE_CONNECTION_ID)));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact revocationOfAnUnknownConnection(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return revokeUnknownConnection(userToken::given).toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "revocationOfAnUnknownConnection")
  void revokingAConnectionAnswering404IsUnconfirmed(MockServer wych) throws Exception {
    Throwable failure = failureOf(adapter(wych).revokeConsent(consent(EXAMPLE_UNKNOWN_CONNECTION_ID)));

    // DELETE /connection/{id} is unverified: its 404 is never a successful revocation.
    assertThat(failure).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(Kind.NOT_FOUND));
  }

  // ------------------------------------------------------------------ credentials and outages

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact rejectedClientCredentials(PactDslWithProvider builder) {
    return builder.given(CLIENT_CREDENTIALS_INVALID)
        .uponReceiving("a client-credentials token request with credentials Wych does not accept")
        .method("POST").path(TOKEN_PATH)
        .body(tokenForm())
        .willRespondWith()
        .status(401)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody().stringType("error", "invalid_client"))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "rejectedClientCredentials")
  void rejectedClientCredentialsAreAnAuthenticationFailure(MockServer wych) throws Exception {
    assertAuthenticationFailure(failureOf(adapter(wych).listInstitutions()));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact expiredServiceToken(PactDslWithProvider builder) {
    PactDslResponse token = serviceToken(builder::given);
    return withServiceToken(token.given(SERVICE_TOKEN_EXPIRED)
        .uponReceiving("a data holder listing with a service token Wych no longer accepts")
        .method("GET").path("/data-holders"))
        .willRespondWith()
        .status(401)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "expiredServiceToken")
  void anExpiredServiceTokenIsAnAuthenticationFailure(MockServer wych) throws Exception {
    assertAuthenticationFailure(failureOf(adapter(wych).listInstitutions()));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact expiredUserToken(PactDslWithProvider builder) {
    PactDslResponse userToken = userToken(serviceToken(builder::given)::given);
    return withUserToken(userToken.given(USER_TOKEN_EXPIRED, email())
        .given(CONNECTION_ACTIVE, connectionParams())
        .uponReceiving("a connection read with a user-context token Wych no longer accepts")
        .method("GET"), "/connection/${" + CONNECTION_ID + "}", "/connection/" + EXAMPLE_CONNECTION_ID)
        .willRespondWith()
        .status(401)
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "expiredUserToken")
  void anExpiredUserTokenIsAnAuthenticationFailure(MockServer wych) throws Exception {
    assertAuthenticationFailure(failureOf(adapter(wych).readConsent(consent(EXAMPLE_CONNECTION_ID))));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact outage(PactDslWithProvider builder) {
    PactDslResponse token = serviceToken(builder::given);
    return withServiceToken(token.given(SERVICE_TOKEN_VALID).given(WYCH_FAILING)
        .uponReceiving("a data holder listing while Wych is failing")
        .method("GET").path("/data-holders"))
        .willRespondWith()
        .serverErrorStatus()
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "outage")
  void aServerErrorMakesWychUnavailable(MockServer wych) throws Exception {
    assertThat(failureOf(adapter(wych).listInstitutions())).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(Kind.UNAVAILABLE));
  }

  // ------------------------------------------------------------------ interactions

  /** {@code POST /token}: the app's service token by client credentials. */
  private static PactDslResponse serviceToken(Start start) {
    return start.given(CLIENT_CREDENTIALS_VALID)
        .uponReceiving("a client-credentials token request")
        .method("POST").path(TOKEN_PATH)
        .body(tokenForm())
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody()
            .stringMatcher("access_token", TOKEN_REGEX, EXAMPLE_SERVICE_TOKEN)
            .integerType("expires_in", 3600L)
            .stringMatcher("token_type", "^(?i)bearer$", "Bearer"));
  }

  private static PactDslResponse dataHolderListing(Start start) {
    DslPart ecosystems = LambdaDsl.newJsonArrayMinLike(1, ecosystem -> ecosystem.object(e -> e
        .uuid("id", UUID.fromString(EXAMPLE_ECOSYSTEM_ID))
        .stringType("name", "Australian Consumer Data Standards")
        .minArrayLike("dataHolders", 1, holder -> holder
            .uuid("id", UUID.fromString(EXAMPLE_DATA_HOLDER_ID))
            .stringType("name", "Kookaburra Mutual Bank")
            .stringMatcher("country", "^[A-Z]{2}$", "AU")
            .booleanType("connectable", true)
            .booleanType("enabled", true)
            .object("permissions", permissions -> permissions
                .eachKeyLike("bank:accounts.basic:read", PactDslJsonRootValue.booleanType(true)))))).build();
    return withServiceToken(start.given(SERVICE_TOKEN_VALID)
        .given(DATA_HOLDER_CONNECTABLE, Map.of(DATA_HOLDER_ID, EXAMPLE_DATA_HOLDER_ID))
        .uponReceiving("a data holder listing")
        .method("GET").path("/data-holders"))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(ecosystems);
  }

  /** {@code POST .../user}: the Wych user of the pseudonymous email, new or known. */
  private static PactDslResponse findOrCreateUser(Start start, String userState, boolean known) {
    PactDslRequestWithPath request = withServiceToken(start.given(SERVICE_TOKEN_VALID)
        .given(userState, email())
        .uponReceiving(known ? "a find-or-create request for an email Wych already knows"
            : "a find-or-create request for an email Wych does not know")
        .method("POST")
        .matchPath(USERS_PATH_REGEX + "/user$", USERS_PATH + "/user")
        .pathFromProviderState("/partner/${" + PARTNER_ID + "}/app/${" + APP_ID + "}/user", USERS_PATH + "/user"))
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(Pacts.fromProviderState(new PactDslJsonBody(), "email", EMAIL_REGEX, EMAIL, EXAMPLE_EMAIL));
    PactDslJsonBody user = new PactDslJsonBody().stringMatcher("email", EMAIL_REGEX, EXAMPLE_EMAIL);
    PactDslResponse response = request.willRespondWith();
    if (known) {
      // The same user again: the id the provider state registered.
      Pacts.uuidFromProviderState(user, "id", USER_ID, EXAMPLE_USER_ID);
      response.status(200);
    } else {
      // Wych does not document whether a new user answers 200 or 201; the gateway takes any success.
      user.uuid("id", UUID.fromString(EXAMPLE_USER_ID));
      response.successStatus();
    }
    return response.matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json").body(user);
  }

  /** {@code POST .../user/{userId}/token}: the user-context token. */
  private static PactDslResponse userToken(Start start) {
    String path = USERS_PATH + "/user/" + EXAMPLE_USER_ID + "/token";
    return withServiceToken(start.given(SERVICE_TOKEN_VALID)
        .given(USER_WITH_EMAIL, email())
        .uponReceiving("a user-context token request")
        .method("POST")
        .matchPath(USERS_PATH_REGEX + "/user/[0-9a-f-]{36}/token$", path)
        .pathFromProviderState("/partner/${" + PARTNER_ID + "}/app/${" + APP_ID + "}/user/${" + USER_ID + "}/token",
            path))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody()
            .stringMatcher("access_token", TOKEN_REGEX, EXAMPLE_USER_TOKEN)
            .integerType("expires_in", 3600L));
  }

  /** {@code POST /connection}: a connection of the user to a connectable data holder. */
  private static PactDslResponse createConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(DATA_HOLDER_CONNECTABLE, Map.of(DATA_HOLDER_ID, EXAMPLE_DATA_HOLDER_ID))
        .uponReceiving("a connection request for a connectable data holder")
        .method("POST"), null, "/connection")
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(connectionRequest(EXAMPLE_DATA_HOLDER_ID))
        .willRespondWith()
        .successStatus()
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody().uuid("id", UUID.fromString(EXAMPLE_CONNECTION_ID)));
  }

  private static PactDslResponse connectionToANonConnectableDataHolder(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(DATA_HOLDER_NOT_CONNECTABLE, Map.of(DATA_HOLDER_ID, EXAMPLE_NOT_CONNECTABLE_ID))
        .uponReceiving("a connection request for a data holder that is not connectable")
        .method("POST"), null, "/connection")
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(connectionRequest(EXAMPLE_NOT_CONNECTABLE_ID))
        .willRespondWith()
        .status(400)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        // Wych's error body is undocumented: the gateway keeps only the status, but relies on JSON with a message.
        .body(new PactDslJsonBody().stringType("message", "Wattle Savings is not connectable"));
  }

  /** {@code POST /connection/{id}/authorize}: where to send the user's browser. */
  private static PactDslResponse authorizeConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(CONNECTION_PENDING, connectionParams())
        .uponReceiving("an authorisation request for a pending connection")
        .method("POST"), "/connection/${" + CONNECTION_ID + "}/authorize",
        "/connection/" + EXAMPLE_CONNECTION_ID + "/authorize")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody().stringMatcher("uri", Pacts.URL_REGEX,
            "https://sandbox.wych.example/bank/" + EXAMPLE_CONNECTION_ID));
  }

  private static PactDslResponse readActiveConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(CONNECTION_ACTIVE, connectionParams())
        .uponReceiving("a read of an active connection")
        .method("GET"), "/connection/${" + CONNECTION_ID + "}", "/connection/" + EXAMPLE_CONNECTION_ID)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody()
            .uuid("id", UUID.fromString(EXAMPLE_CONNECTION_ID))
            .stringValue("state", "ACTIVE")
            .stringMatcher("expiry", Pacts.DATE_TIME_REGEX, "2026-06-30T09:15:00Z"));
  }

  /** A read of a connection the provider state left in {@code state} (Wych's field; the enum is open). */
  private static PactDslResponse readConnectionIn(Start start, String providerState, String state) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(providerState, connectionParams())
        .uponReceiving("a read of a connection in state " + state)
        .method("GET"), "/connection/${" + CONNECTION_ID + "}", "/connection/" + EXAMPLE_CONNECTION_ID)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(new PactDslJsonBody()
            .uuid("id", UUID.fromString(EXAMPLE_CONNECTION_ID))
            .stringValue("state", state));
  }

  private static PactDslResponse readUnknownConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(NO_CONNECTION, Map.of(CONNECTION_ID, EXAMPLE_UNKNOWN_CONNECTION_ID))
        .uponReceiving("a read of a connection Wych does not know")
        .method("GET"), null, "/connection/" + EXAMPLE_UNKNOWN_CONNECTION_ID)
        .willRespondWith()
        .status(404);
  }

  private static PactDslResponse revokeActiveConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(CONNECTION_ACTIVE, connectionParams())
        .uponReceiving("a revocation of an active connection")
        .method("DELETE"), "/connection/${" + CONNECTION_ID + "}", "/connection/" + EXAMPLE_CONNECTION_ID)
        .willRespondWith()
        .successStatus();
  }

  private static PactDslResponse revokeUnknownConnection(Start start) {
    return withUserToken(start.given(USER_TOKEN_VALID, email())
        .given(NO_CONNECTION, Map.of(CONNECTION_ID, EXAMPLE_UNKNOWN_CONNECTION_ID))
        .uponReceiving("a revocation of a connection Wych does not know")
        .method("DELETE"), null, "/connection/" + EXAMPLE_UNKNOWN_CONNECTION_ID)
        .willRespondWith()
        .status(404);
  }

  // ------------------------------------------------------------------ request parts

  /** The client-credentials form; its values come from the provider state (they are the app's secrets). */
  private static FormPostBuilder tokenForm() {
    return new FormPostBuilder(new ContentType("application/x-www-form-urlencoded"))
        .stringValue("grant_type", "client_credentials")
        .stringMatcher("client_id", "^\\S+$", EXAMPLE_CLIENT_ID)
        .parameterFromProviderState("client_id", "${" + CLIENT_ID + "}", EXAMPLE_CLIENT_ID)
        .stringMatcher("client_secret", "^\\S+$", EXAMPLE_CLIENT_SECRET)
        .parameterFromProviderState("client_secret", "${" + CLIENT_SECRET + "}", EXAMPLE_CLIENT_SECRET);
  }

  private static PactDslRequestWithPath withServiceToken(PactDslRequestWithPath request) {
    return withCredentials(request, SERVICE_TOKEN, EXAMPLE_SERVICE_TOKEN);
  }

  /**
   * A request with the user's token; {@code pathExpression} (null for a fixed path) takes ids the
   * provider state created.
   */
  private static PactDslRequestWithPath withUserToken(PactDslRequestWithoutPath request, String pathExpression,
      String path) {
    PactDslRequestWithPath withPath = pathExpression == null
        ? request.path(path)
        : request.matchPath("^/connection/[0-9a-f-]{36}(/authorize)?$", path).pathFromProviderState(pathExpression, path);
    return withCredentials(withPath, USER_TOKEN, EXAMPLE_USER_TOKEN);
  }

  private static PactDslRequestWithPath withCredentials(PactDslRequestWithPath request, String token, String example) {
    return request
        .matchHeader("x-api-key", "^\\S+$", EXAMPLE_API_KEY)
        .headerFromProviderState("x-api-key", "${" + API_KEY + "}", EXAMPLE_API_KEY)
        .matchHeader("Authorization", BEARER_REGEX, "Bearer " + example)
        .headerFromProviderState("Authorization", "Bearer ${" + token + "}", "Bearer " + example);
  }

  /** The connection the example journey asks for: {@code openid} first, then the scopes of its permissions. */
  private static PactDslJsonBody connectionRequest(String dataHolderId) {
    PactDslJsonBody body = new PactDslJsonBody();
    Pacts.uuidFromProviderState(body, "app", APP_ID, EXAMPLE_APP_ID);
    Pacts.uuidFromProviderState(body, "dataholder", DATA_HOLDER_ID, dataHolderId);
    Pacts.uuidFromProviderState(body, "user", USER_ID, EXAMPLE_USER_ID);
    PactDslJsonArray scopes = body.array("scopes");
    EXAMPLE_SCOPES.forEach(scopes::stringValue);
    scopes.closeArray();
    return body;
  }

  private static Map<String, Object> email() {
    return Map.of(EMAIL, EXAMPLE_EMAIL);
  }

  private static Map<String, Object> connectionParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(EMAIL, EXAMPLE_EMAIL);
    params.put(DATA_HOLDER_ID, EXAMPLE_DATA_HOLDER_ID);
    return params;
  }

  // ------------------------------------------------------------------ the adapter under test

  private WychAdapter adapter(MockServer wych) throws IOException {
    // The documented defaults (gateway-defaults.yaml), pointed at the mock Wych.
    WychOptions options = new ConfigLoader(name -> null).load(null).providers().wych().toward(wych.getUrl(),
        wych.getUrl() + TOKEN_PATH, EXAMPLE_API_KEY, EXAMPLE_CLIENT_ID, EXAMPLE_CLIENT_SECRET, EXAMPLE_PARTNER_ID,
        EXAMPLE_APP_ID);
    return new WychAdapter(vertx, webClient, options, Environment.SANDBOX, new DirectUpstreamPolicy(),
        Clock.systemUTC());
  }

  private static ConsentRequest consentRequest() {
    return new ConsentRequest(institution(EXAMPLE_DATA_HOLDER_ID), USER_REFERENCE,
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS), "https://gateway.example/v1/callbacks/wych", null, null);
  }

  private static Institution institution(String dataHolderId) {
    return new Institution("wych", dataHolderId, "Example bank", null, List.of("AU"), null,
        Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS), true, Environment.SANDBOX, Map.of());
  }

  private static ProviderConsentRef consent(String connectionId) {
    return new ProviderConsentRef(connectionId, EXAMPLE_DATA_HOLDER_ID, USER_REFERENCE,
        Map.of("userId", EXAMPLE_USER_ID), null);
  }

  private static void assertAuthenticationFailure(Throwable failure) {
    assertThat(failure).isInstanceOfSatisfying(ProviderFailure.class, f -> {
      assertThat(f.error().kind()).isEqualTo(Kind.AUTHENTICATION);
      assertThat(f.error().upstreamStatus()).isEqualTo(401);
    });
  }
}
