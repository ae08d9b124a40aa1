package dev.consentgw.contracts.facade;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.LambdaDsl;
import au.com.dius.pact.consumer.dsl.LambdaDslObject;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.sdk.ApiClient;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.api.DataApi;
import dev.consentgw.sdk.model.AccountList;
import dev.consentgw.sdk.model.BalanceList;
import dev.consentgw.sdk.model.TransactionPage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.consentgw.contracts.facade.FacadeContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the example fintech relies on from the facade's Data operations, through the SDK: the
 * consent's accounts, an account's balances, the first page of its transactions (with a cursor to
 * the next), and the refusal of a permission the consent does not grant.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Pacts.GATEWAY, pactVersion = PactSpecVersion.V4)
class FacadeDataConsumerPactTest {

  private static final String MONEY_REGEX = "^-?[0-9]{1,24}(\\.[0-9]{1,12})?$";
  private static final String REQUEST_EXAMPLE = "req_9f8e7d6c5b4a";

  @Pact(consumer = Pacts.FINTECH)
  V4Pact accounts(PactDslWithProvider builder) {
    return dataPath(builder.given(CONSENT_WITH_DATA, params()).uponReceiving("a request for a consent's accounts")
        .method("GET"), "/accounts")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .matchHeader("X-Request-Id", REQUEST_ID_REGEX, REQUEST_EXAMPLE)
        .body(LambdaDsl.newJsonBody(body -> body
            .minArrayLike("data", 1, account -> account
                .stringMatcher("id", "^[A-Za-z0-9._~-]{1,128}$", EXAMPLE_ACCOUNT_ID)
                .stringType("name", "Everyday Account")
                .stringType("type", "current")
                .stringMatcher("currency", "^[A-Z]{3}$", "GBP")
                .minArrayLike("identifiers", 1, id -> id
                    .stringType("scheme", "sort_code_account_number")
                    .stringType("value", "**********1234")
                    .booleanType("masked", true)))
            .object("meta", FacadeDataConsumerPactTest::meta)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "accounts")
  void aFintechListsTheAccounts(MockServer gateway) throws Exception {
    AccountList accounts = data(gateway).listAccounts(EXAMPLE_CONSENT_ID, null);

    assertThat(accounts.getData()).isNotEmpty();
    assertThat(accounts.getData().get(0).getIdentifiers().get(0).getMasked()).isTrue();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact balances(PactDslWithProvider builder) {
    return accountPath(builder.given(CONSENT_WITH_DATA, params()).uponReceiving("a request for an account's balances")
        .method("GET"), "/balances")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body
            .minArrayLike("data", 1, balance -> balance
                .stringType("type", "current")
                .object("amount", FacadeDataConsumerPactTest::money))
            .object("meta", FacadeDataConsumerPactTest::meta)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "balances")
  void aFintechReadsBalancesAsDecimals(MockServer gateway) throws Exception {
    BalanceList balances = data(gateway).listBalances(EXAMPLE_CONSENT_ID, EXAMPLE_ACCOUNT_ID, null);

    assertThat(new BigDecimal(balances.getData().get(0).getAmount().getValue())).isNotNull();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact transactions(PactDslWithProvider builder) {
    return accountPath(builder.given(CONSENT_WITH_DATA, params())
        .uponReceiving("a request for the first page of an account's transactions").method("GET"), "/transactions")
        .query("limit=2")
        .willRespondWith()
        .status(200)
        .matchHeader("Content-Type", Pacts.JSON_CONTENT_TYPE, "application/json")
        .body(LambdaDsl.newJsonBody(body -> body
            .minMaxArrayLike("data", 2, 2, tx -> tx
                .stringType("id", "txn-7b1e0c2a9d")
                .stringMatcher("status", "^(booked|pending)$", "booked")
                .stringMatcher("bookedAt", Pacts.DATE_TIME_REGEX, "2025-06-02T18:42:11Z")
                .object("amount", FacadeDataConsumerPactTest::money)
                .stringType("description", "CORNER GROCER"))
            .stringMatcher("nextCursor", "^[A-Za-z0-9_-]{1,512}$", "MTc0ODU4NDgwMDAwMC50eG4")
            .object("meta", FacadeDataConsumerPactTest::meta)).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "transactions")
  void aFintechPagesTransactions(MockServer gateway) throws Exception {
    TransactionPage page = data(gateway).listTransactions(EXAMPLE_CONSENT_ID, EXAMPLE_ACCOUNT_ID, null, null, null,
        null, 2, null);

    assertThat(page.getData()).hasSize(2);
    assertThat(page.getNextCursor()).isNotBlank();
  }

  @Pact(consumer = Pacts.FINTECH)
  V4Pact identityWithoutPermission(PactDslWithProvider builder) {
    return dataPath(builder.given(CONSENT_WITH_DATA, params())
        .uponReceiving("a request for the identity under a consent that does not grant it").method("GET"), "/identity")
        .willRespondWith()
        .status(403)
        .matchHeader("Content-Type", PROBLEM_CONTENT_TYPE, "application/problem+json")
        .body(LambdaDsl.newJsonBody(body -> body
            .stringType("type", "https://consentgw.dev/problems/permission_not_granted")
            .stringType("title", "A short summary")
            .integerType("status", 403)
            .stringValue("code", "permission_not_granted")
            .stringType("detail", "The consent does not grant the permission 'customer'.")).build())
        .toPact(V4Pact.class);
  }

  @Test
  @PactTestFor(pactMethod = "identityWithoutPermission")
  void aPermissionNotGrantedIsA403(MockServer gateway) {
    ApiException failure = assertThrows(ApiException.class, () -> data(gateway).getIdentity(EXAMPLE_CONSENT_ID, null));

    assertThat(failure.getCode()).isEqualTo(403);
    assertThat(new JsonObject(failure.getResponseBody()).getString("code")).isEqualTo("permission_not_granted");
  }

  // ------------------------------------------------------------------ shapes

  private static PactDslRequestWithPath dataPath(PactDslRequestWithoutPath request, String suffix) {
    String path = "/v1/consents/" + EXAMPLE_CONSENT_ID + suffix;
    return request.matchPath("^/v1/consents/[A-Za-z0-9_-]{16,64}" + suffix + "$", path)
        .pathFromProviderState("/v1/consents/${" + CONSENT_ID + "}" + suffix, path)
        .matchHeader("Authorization", BEARER_REGEX, "Bearer " + EXAMPLE_API_KEY);
  }

  private static PactDslRequestWithPath accountPath(PactDslRequestWithoutPath request, String suffix) {
    String path = "/v1/consents/" + EXAMPLE_CONSENT_ID + "/accounts/" + EXAMPLE_ACCOUNT_ID + suffix;
    return request.matchPath("^/v1/consents/[A-Za-z0-9_-]{16,64}/accounts/[A-Za-z0-9._~-]{1,128}" + suffix + "$", path)
        .pathFromProviderState("/v1/consents/${" + CONSENT_ID + "}/accounts/${" + ACCOUNT_ID + "}" + suffix, path)
        .matchHeader("Authorization", BEARER_REGEX, "Bearer " + EXAMPLE_API_KEY);
  }

  private static void money(LambdaDslObject money) {
    money.stringMatcher("value", MONEY_REGEX, "-42.17").stringMatcher("currency", "^[A-Z]{3}$", "GBP");
  }

  private static void meta(LambdaDslObject meta) {
    meta.stringMatcher("fetchedAt", Pacts.DATE_TIME_REGEX, "2025-06-03T09:20:00Z");
  }

  private static Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(USER_REFERENCE, EXAMPLE_USER_REFERENCE);
    params.put(INSTITUTION_ID, EXAMPLE_INSTITUTION_ID);
    return params;
  }

  private static DataApi data(MockServer gateway) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(gateway.getUrl());
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + EXAMPLE_API_KEY));
    return new DataApi(client);
  }
}
