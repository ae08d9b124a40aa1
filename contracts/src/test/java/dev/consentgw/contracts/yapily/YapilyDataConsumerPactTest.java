package dev.consentgw.contracts.yapily;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
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
import dev.consentgw.clients.yapily.api.FinancialDataApiImpl;
import dev.consentgw.clients.yapily.invoker.ApiClient;
import dev.consentgw.clients.yapily.model.ApiListResponseOfTransaction;
import dev.consentgw.clients.yapily.model.SortEnum;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.gateway.adapter.yapily.YapilyAdapter;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.provider.Account;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.Identity;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.provider.Transaction;
import dev.consentgw.gateway.provider.TransactionWindow;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.consentgw.contracts.Pacts.await;
import static dev.consentgw.contracts.Pacts.failureOf;
import static dev.consentgw.contracts.yapily.YapilyContract.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway relies on from Yapily's Financial Data operations, written into the Yapily pact
 * by driving the real {@link YapilyAdapter}: accounts, one account, balances, transactions (a
 * page, an empty window, and the next page as the adapter asks for it, through the generated
 * client), identity, a consent the bank revoked (403) and a failing bank (424). Every call carries
 * the consent token in the {@code consent} header, taken from the provider state.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.YAPILY, pactVersion = PactSpecVersion.V4)
class YapilyDataConsumerPactTest {

  private static final String NUMBER_REGEX = "^[0-9]+$";
  private static final String ACCOUNT_PATH_REGEX = "^/accounts/[A-Za-z0-9._~-]+";

  private final Vertx vertx = Vertx.vertx();
  private final WebClient webClient = WebClient.create(vertx);

  @AfterEach
  void closeVertx() throws Exception {
    webClient.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact accounts(PactDslWithProvider builder) {
    return request(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for the consent's accounts", "/accounts", null)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body
            .object("meta", meta -> meta.stringType("tracingId", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"))
            .minArrayLike("data", 1, YapilyDataConsumerPactTest::account)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "accounts")
  void accountsArriveInUnifiedTerms(MockServer yapily) throws Exception {
    List<Account> accounts = await(adapter(yapily).listAccounts(ref())).data();

    assertThat(accounts).isNotEmpty();
    assertThat(accounts.get(0).type()).isEqualTo("current");
    assertThat(accounts.get(0).identifiers().get(0).scheme()).isEqualTo("sort_code_account_number");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact oneAccount(PactDslWithProvider builder) {
    return accountRequest(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for one of the consent's accounts", "", null)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.object("data", YapilyDataConsumerPactTest::account)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "oneAccount")
  void oneAccountArrives(MockServer yapily) throws Exception {
    assertThat(await(adapter(yapily).getAccount(ref(), EXAMPLE_ACCOUNT_ID)).data().currency()).isEqualTo("GBP");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact balances(PactDslWithProvider builder) {
    return accountRequest(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for an account's balances", "/balances", null)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.object("data", data -> data
            .minArrayLike("balances", 1, balance -> balance
                .stringMatcher("type", "^[A-Z_]+$", "INTERIM_BOOKED")
                .object("balanceAmount", amount -> money(amount, "1523.40"))))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "balances")
  void balancesArriveAsDecimals(MockServer yapily) throws Exception {
    List<Balance> balances = await(adapter(yapily).listBalances(ref(), EXAMPLE_ACCOUNT_ID)).data();

    assertThat(balances).isNotEmpty();
    assertThat(balances.get(0).type()).isEqualTo("current");
    assertThat(balances.get(0).amount().value()).isInstanceOf(BigDecimal.class);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact transactionsFirstPage(PactDslWithProvider builder) {
    return accountRequest(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for the first page of an account's transactions, newest first", "/transactions",
        "limit=3&sort=-date&offset=0")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(transactionPage(3))
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "transactionsFirstPage")
  void theFirstPageOfTransactionsArrives(MockServer yapily) throws Exception {
    List<Transaction> transactions = await(adapter(yapily).listTransactions(ref(), EXAMPLE_ACCOUNT_ID,
        new TransactionWindow(null, null, 3))).data();

    assertThat(transactions).hasSize(3);
    assertThat(transactions).allSatisfy(tx -> assertThat(tx.id()).isNotBlank());
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact transactionsNextPage(PactDslWithProvider builder) {
    return accountRequest(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for the next page of an account's transactions by offset", "/transactions",
        "limit=3&sort=-date&offset=3")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(transactionPage(3))
        .toPact(V4Pact.class);
  }

  /** The adapter asks for the next page the same way, with the offset it reached. */
  @Test
  @PactTestFor(pactMethod = "transactionsNextPage")
  void theNextPageIsAskedByOffset(MockServer yapily) throws Exception {
    ApiListResponseOfTransaction page = await(new FinancialDataApiImpl(generatedClient(yapily)).getTransactions(
        EXAMPLE_ACCOUNT_ID, EXAMPLE_CONSENT_TOKEN, null, null, null, null, null, null, 3, SortEnum._DATE, 3));

    assertThat(page.getData()).hasSize(3);
    assertThat(page.getMeta().getPagination().getTotalCount()).isGreaterThan(6);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact noTransactionsInTheWindow(PactDslWithProvider builder) {
    return accountRequest(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for an account's transactions in a window without any", "/transactions",
        "from=2001-01-01T00%3A00%3A00.000%2B0000&before=2001-01-31T00%3A00%3A00.000%2B0000&limit=1000&sort=-date&offset=0")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body
            .object("meta", meta -> meta.integerType("count", 0)
                .object("pagination", pagination -> pagination.integerType("totalCount", 0)))
            .array("data", data -> { })).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "noTransactionsInTheWindow")
  void anEmptyWindowIsAnEmptyList(MockServer yapily) throws Exception {
    List<Transaction> transactions = await(adapter(yapily).listTransactions(ref(), EXAMPLE_ACCOUNT_ID,
        new TransactionWindow(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-31T00:00:00Z"), 5000)))
        .data();

    assertThat(transactions).isEmpty();
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact identity(PactDslWithProvider builder) {
    return request(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT, params()),
        "a request for the account holder's identity", "/identity", null)
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.object("data", data -> data
            .stringType("firstName", "Alex")
            .stringType("lastName", "Morgan"))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "identity")
  void theHolderArrives(MockServer yapily) throws Exception {
    Identity identity = await(adapter(yapily).identity(ref())).data();

    assertThat(identity.lastName()).isEqualTo("Morgan");
    assertThat(identity.fullName()).isEqualTo("Alex Morgan");
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact revokedAtTheBank(PactDslWithProvider builder) {
    return request(builder.given(CREDENTIALS_VALID).given(DATA_CONSENT_REVOKED_AT_BANK, params()),
        "a request for the accounts of a consent the bank revoked", "/accounts", null)
        .willRespondWith()
        .status(403)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.object("error", error -> error
            .integerType("code", 403)
            .stringType("message", "The consent is no longer valid."))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "revokedAtTheBank")
  void aRefusedConsentIsAnEndedConsent(MockServer yapily) throws Exception {
    Throwable failure = failureOf(adapter(yapily).listAccounts(ref()));

    assertThat(failure).isInstanceOf(ProviderFailure.class);
    assertThat(((ProviderFailure) failure).error().kind()).isEqualTo(Kind.CONSENT_INACTIVE);
  }

  @Pact(consumer = Pacts.GATEWAY)
  V4Pact bankFailing(PactDslWithProvider builder) {
    return request(builder.given(CREDENTIALS_VALID).given(DATA_BANK_FAILING, params()),
        "a request for the accounts at a failing bank", "/accounts", null)
        .willRespondWith()
        .status(424)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body.object("error", error -> error
            .integerType("code", 424)
            .stringValue("source", "INSTITUTION")
            .object("institutionError", institution -> institution.stringType("errorMessage", "bank error")))).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "bankFailing")
  void aFailingBankIsTheInstitutionsFailure(MockServer yapily) throws Exception {
    Throwable failure = failureOf(adapter(yapily).listAccounts(ref()));

    assertThat(((ProviderFailure) failure).error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
  }

  // ------------------------------------------------------------------ shapes

  private static PactDslRequestWithPath request(PactDslWithState state, String description, String path,
      String query) {
    PactDslRequestWithPath request = state.uponReceiving(description)
        .method("GET")
        .path(path)
        .matchHeader("Authorization", BASIC_REGEX, EXAMPLE_AUTHORIZATION)
        .headerFromProviderState("Authorization", "${" + AUTHORIZATION + "}", EXAMPLE_AUTHORIZATION)
        .matchHeader("consent", "^\\S+$", EXAMPLE_CONSENT_TOKEN)
        .headerFromProviderState("consent", "${" + CONSENT_TOKEN + "}", EXAMPLE_CONSENT_TOKEN);
    return query == null ? request : request.encodedQuery(query);
  }

  private static PactDslRequestWithPath accountRequest(PactDslWithState state, String description, String suffix,
      String query) {
    return request(state, description, "/accounts/" + EXAMPLE_ACCOUNT_ID + suffix, query)
        .matchPath(ACCOUNT_PATH_REGEX + suffix + "$", "/accounts/" + EXAMPLE_ACCOUNT_ID + suffix)
        .pathFromProviderState("/accounts/${" + ACCOUNT_ID + "}" + suffix, "/accounts/" + EXAMPLE_ACCOUNT_ID + suffix);
  }

  private static void account(LambdaDslObject account) {
    account.stringMatcher("id", NUMBER_REGEX, EXAMPLE_ACCOUNT_ID)
        .stringType("description", "Everyday Account")
        .stringMatcher("currency", "^[A-Z]{3}$", "GBP")
        .stringValue("accountType", "CURRENT")
        .stringValue("usageType", "PERSONAL")
        .array("accountIdentifications", ids -> ids
            .object(id -> id.stringValue("type", "SORT_CODE").stringMatcher("identification", NUMBER_REGEX, "040004"))
            .object(id -> id.stringValue("type", "ACCOUNT_NUMBER")
                .stringMatcher("identification", NUMBER_REGEX, "12341234")));
  }

  private static DslPart transactionPage(int size) {
    return LambdaDsl.newJsonBody(body -> body
        .object("meta", meta -> meta.integerType("count", size)
            .object("pagination", pagination -> pagination.integerType("totalCount", 400)))
        .minMaxArrayLike("data", size, size, tx -> tx
            .stringType("id", "7b1e0c2a9d3f4e5a")
            .stringMatcher("bookingDateTime", Pacts.DATE_TIME_REGEX, "2025-06-02T18:42:11Z")
            .stringMatcher("status", "^(BOOKED|PENDING)$", "BOOKED")
            .object("transactionAmount", amount -> money(amount, "-42.17"))
            .stringType("description", "CORNER GROCER"))).build();
  }

  private static void money(LambdaDslObject amount, String value) {
    amount.decimalType("amount", new BigDecimal(value)).stringMatcher("currency", "^[A-Z]{3}$", "GBP");
  }

  private static Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(APPLICATION_USER_ID, USER_REFERENCE);
    params.put(INSTITUTION_ID, SINGLE_LEG_BANK);
    return params;
  }

  // ------------------------------------------------------------------ the code under test

  private YapilyAdapter adapter(MockServer yapily) {
    return new YapilyAdapter(vertx, webClient, new YapilyOptions(true, yapily.getUrl(),
        YapilySimulatorOptions.SANDBOX_APPLICATION_ID, YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET),
        new DirectUpstreamPolicy());
  }

  private ApiClient generatedClient(MockServer yapily) {
    ApiClient client = new ApiClient(vertx, new JsonObject().put("basePath", yapily.getUrl()));
    client.setUsername(YapilySimulatorOptions.SANDBOX_APPLICATION_ID);
    client.setPassword(YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET);
    return client;
  }

  private static ProviderConsentRef ref() {
    return new ProviderConsentRef(EXAMPLE_CONSENT_ID, SINGLE_LEG_BANK, USER_REFERENCE, Map.of(),
        EXAMPLE_CONSENT_TOKEN);
  }
}
