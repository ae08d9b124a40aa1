package dev.consentgw.contracts.wych;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.consentgw.clients.wych.api.CustomerDataApiImpl;
import dev.consentgw.clients.wych.invoker.ApiClient;
import dev.consentgw.clients.wych.invoker.ApiException;
import dev.consentgw.clients.wych.model.Account;
import dev.consentgw.clients.wych.model.Balance;
import dev.consentgw.clients.wych.model.Customer;
import dev.consentgw.clients.wych.model.Transaction;
import dev.consentgw.contracts.Pacts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.consentgw.contracts.Pacts.await;
import static dev.consentgw.contracts.Pacts.failureOf;
import static dev.consentgw.contracts.wych.WychContract.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway relies on from Wych's Customer Data operations (paths unverified, see
 * wych.yaml), pinned through the generated Wych client the adapter reads with: accounts of a
 * connection (and none for a connection not yet active), one account, balances, transactions (a
 * bare array, JSON number amounts, direction in {@code type}), the customer, and the CDS
 * RevokedConsent answer for a connection that was disconnected. Wych returns whole arrays: there
 * is no upstream paging to pin; the gateway pages itself. The adapter's own behaviour around these
 * calls (the connection check first, the mapping) is tested end to end against the simulator.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.WYCH, pactVersion = PactSpecVersion.V4)
class WychDataConsumerPactTest {

  private static final String UUID_REGEX = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact accounts(PactDslWithProvider builder) {
    return withUserToken(states(builder, CONNECTION_WITH_DATA).uponReceiving("a request for a connection's accounts")
        .method("GET").path("/accounts")
        .matchQuery("connection", UUID_REGEX, EXAMPLE_CONNECTION_ID)
        .queryParameterFromProviderState("connection", "${" + CONNECTION_ID + "}", EXAMPLE_CONNECTION_ID))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonArrayMinLike(1, array -> array.object(WychDataConsumerPactTest::account)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "accounts")
  void aConnectionsAccountsArriveAsABareArray(MockServer wych) throws Exception {
    List<Account> accounts = await(api(wych).listAccounts(UUID.fromString(EXAMPLE_CONNECTION_ID), auth()));

    assertThat(accounts).isNotEmpty();
    assertThat(accounts.get(0).getConnection()).hasToString(EXAMPLE_CONNECTION_ID);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact noAccountsYet(PactDslWithProvider builder) {
    return withUserToken(builder.given(USER_TOKEN_VALID, Map.of(EMAIL, EXAMPLE_EMAIL))
        .given(CONNECTION_PENDING, params())
        .uponReceiving("a request for the accounts of a connection not yet authorised")
        .method("GET").path("/accounts")
        .matchQuery("connection", UUID_REGEX, EXAMPLE_CONNECTION_ID)
        .queryParameterFromProviderState("connection", "${" + CONNECTION_ID + "}", EXAMPLE_CONNECTION_ID))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonArray(array -> { }).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "noAccountsYet")
  void aConnectionWithoutDataListsNoAccounts(MockServer wych) throws Exception {
    assertThat(await(api(wych).listAccounts(UUID.fromString(EXAMPLE_CONNECTION_ID), auth()))).isEmpty();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact oneAccount(PactDslWithProvider builder) {
    return accountRequest(states(builder, CONNECTION_WITH_DATA), "a request for one account", "")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(WychDataConsumerPactTest::account).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "oneAccount")
  void oneAccountArrives(MockServer wych) throws Exception {
    assertThat(await(api(wych).getAccount(UUID.fromString(EXAMPLE_ACCOUNT_ID), auth())).getCurrency()).isEqualTo("AUD");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact balances(PactDslWithProvider builder) {
    return accountRequest(states(builder, CONNECTION_WITH_DATA), "a request for an account's balances", "/balances")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonArrayMinLike(1, array -> array.object(balance -> balance
            .stringMatcher("date", Pacts.DATE_TIME_REGEX, "2025-06-03T09:19:58Z")
            .object("amount", amount -> money(amount, "1523.40")))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "balances")
  void balancesArriveWithNumberAmounts(MockServer wych) throws Exception {
    List<Balance> balances = await(api(wych).listBalances(UUID.fromString(EXAMPLE_ACCOUNT_ID), auth()));

    assertThat(balances.get(0).getAmount().getAmount()).isEqualByComparingTo(new BigDecimal("1523.40"));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact transactions(PactDslWithProvider builder) {
    return accountRequest(states(builder, CONNECTION_WITH_DATA), "a request for an account's transactions",
        "/transactions")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonArrayMinLike(2, array -> array.object(tx -> tx
            .stringMatcher("id", UUID_REGEX, "4d5e6f7a-8b9c-4d0e-9f1a-4b5c6d7e8f9a")
            .stringMatcher("type", "^(DEBIT|CREDIT|UNKNOWN)$", "DEBIT")
            .stringMatcher("status", "^(PENDING|POSTED)$", "POSTED")
            .stringType("reference", "CORNER GROCER")
            .stringMatcher("datetime", Pacts.DATE_TIME_REGEX, "2025-06-02T08:42:11Z")
            .object("amount", amount -> money(amount, "42.17")))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "transactions")
  void transactionsArriveAsOneBareArray(MockServer wych) throws Exception {
    List<Transaction> transactions = await(api(wych).listTransactions(UUID.fromString(EXAMPLE_ACCOUNT_ID), auth()));

    assertThat(transactions).hasSizeGreaterThanOrEqualTo(2);
    assertThat(transactions.get(0).getAmount().getAmount()).isEqualByComparingTo(new BigDecimal("42.17"));
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact customer(PactDslWithProvider builder) {
    return withUserToken(states(builder, CONNECTION_WITH_DATA).uponReceiving("a request for the customer")
        .method("GET").path("/customer"))
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.stringType("firstName", "Sam").stringType("lastName", "Taylor"))
            .build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "customer")
  void theCustomerArrives(MockServer wych) throws Exception {
    Customer customer = await(api(wych).getCustomer(auth()));

    assertThat(customer.getLastName()).isEqualTo("Taylor");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact disconnected(PactDslWithProvider builder) {
    return accountRequest(states(builder, CONNECTION_DISCONNECTED),
        "a request for the transactions of an account whose connection was disconnected", "/transactions")
        .willRespondWith()
        .status(403)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.minArrayLike("errors", 1, error -> error
            .stringValue("code", REVOKED_CONSENT)
            .stringType("title", "Consent Is Revoked")
            .stringType("detail", "The consent was revoked."))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "disconnected")
  void aDisconnectedConnectionAnswersRevokedConsent(MockServer wych) throws Exception {
    Throwable failure = failureOf(api(wych).listTransactions(UUID.fromString(EXAMPLE_ACCOUNT_ID), auth()));

    assertThat(failure).isInstanceOf(ApiException.class);
    assertThat(((ApiException) failure).getCode()).isEqualTo(403);
    assertThat(((ApiException) failure).getResponseBody()).contains(REVOKED_CONSENT);
  }

  // ------------------------------------------------------------------ shapes

  private static PactDslWithState states(PactDslWithProvider builder, String connectionState) {
    return builder.given(USER_TOKEN_VALID, Map.of(EMAIL, EXAMPLE_EMAIL)).given(connectionState, params());
  }

  private static PactDslRequestWithPath accountRequest(PactDslWithState state, String description, String suffix) {
    String path = "/accounts/" + EXAMPLE_ACCOUNT_ID + suffix;
    return withUserToken(state.uponReceiving(description).method("GET")
        .matchPath("^/accounts/[0-9a-f-]{36}" + suffix + "$", path)
        .pathFromProviderState("/accounts/${" + ACCOUNT_ID + "}" + suffix, path));
  }

  private static PactDslRequestWithPath withUserToken(PactDslRequestWithPath request) {
    return request
        .matchHeader("x-api-key", "^\\S+$", EXAMPLE_API_KEY)
        .headerFromProviderState("x-api-key", "${" + API_KEY + "}", EXAMPLE_API_KEY)
        .matchHeader("Authorization", BEARER_REGEX, "Bearer " + EXAMPLE_USER_TOKEN)
        .headerFromProviderState("Authorization", "Bearer ${" + USER_TOKEN + "}", "Bearer " + EXAMPLE_USER_TOKEN);
  }

  private static void account(LambdaDslObject account) {
    account.stringMatcher("id", UUID_REGEX, EXAMPLE_ACCOUNT_ID)
        .stringMatcher("connection", UUID_REGEX, EXAMPLE_CONNECTION_ID)
        .stringMatcher("dataholder", UUID_REGEX, EXAMPLE_DATA_HOLDER_ID)
        .stringMatcher("currency", "^[A-Z]{3}$", "AUD")
        .stringType("type", "PERSONAL")
        .stringType("subtype", "CURRENTACCOUNT")
        .stringType("name", "Everyday Account")
        .minArrayLike("accountNumber", 1, number -> number
            .stringType("scheme", "MASKED")
            .stringType("number", "xxx-xxx xxxx4567"));
  }

  private static void money(LambdaDslObject amount, String value) {
    amount.decimalType("amount", new BigDecimal(value)).stringMatcher("currency", "^[A-Z]{3}$", "AUD");
  }

  private static Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(EMAIL, EXAMPLE_EMAIL);
    params.put(DATA_HOLDER_ID, EXAMPLE_DATA_HOLDER_ID);
    return params;
  }

  // ------------------------------------------------------------------ the client under test

  private CustomerDataApiImpl api(MockServer wych) {
    return new CustomerDataApiImpl(new ApiClient(vertx, new JsonObject().put("basePath", wych.getUrl())));
  }

  private static ApiClient.AuthInfo auth() {
    ApiClient.AuthInfo auth = ApiClient.AuthInfo.forApiKeyAuthentication(EXAMPLE_API_KEY, null);
    auth.addBearerAuthentication(EXAMPLE_USER_TOKEN);
    return auth;
  }
}
