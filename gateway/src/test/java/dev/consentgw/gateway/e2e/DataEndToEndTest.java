package dev.consentgw.gateway.e2e;

import dev.consentgw.gateway.app.SandboxWiring;
import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.wych.WychSandboxCatalogue;
import dev.consentgw.sdk.ApiException;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.api.DataApi;
import dev.consentgw.sdk.model.Account;
import dev.consentgw.sdk.model.AccountList;
import dev.consentgw.sdk.model.Balance;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import dev.consentgw.sdk.model.Identity;
import dev.consentgw.sdk.model.Transaction;
import dev.consentgw.sdk.model.TransactionPage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.consentgw.gateway.e2e.SdkProblems.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a consent's data end to end through the published SDK, against the gateway in sandbox
 * mode, for both providers: journey, accounts, balances, every page of transactions, identity, and
 * the access rules and failures around them. The simulators' ledgers are the expected values.
 */
class DataEndToEndTest {

  private static final String THISTLE = "yapily:thistle-sandbox";
  private static final String HARBOURSIDE = "yapily:harbourside-sandbox";
  private static final String KOOKABURRA = "wych:" + WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK;
  private static GatewayTestKit kit;
  private static ConsentsApi consents;
  private static DataApi data;
  private static SandboxWiring.Controls sandbox;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
    consents = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
    data = new DataApi(kit.sdk(GatewayTestKit.ACME_KEY));
    sandbox = kit.server.sandboxControls().orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @BeforeEach
  void healthyBanks() {
    sandbox.yapily().failBankData("harbourside-sandbox", false);
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void readsAccountsBalancesEveryTransactionAndIdentity(String institution) throws Exception {
    Consent consent = authorised(institution, "accounts", "balances", "transactions", "customer");
    SandboxLedger.Book book = book(consent);

    AccountList accounts = data.listAccounts(consent.getId(), null);

    assertThat(accounts.getMeta().getFetchedAt()).isNotNull();
    if (institution.startsWith("wych:")) {
      assertThat(accounts.getMeta().getLastUpdated()).as("Wych says when it last extracted the data").isNotNull();
    } else {
      assertThat(accounts.getMeta().getLastUpdated()).as("Yapily reads the bank live").isNull();
    }
    assertThat(accounts.getData()).extracting(Account::getId)
        .containsExactlyElementsOf(book.accounts().stream().map(SandboxLedger.Account::id).toList());
    assertThat(accounts.getData()).extracting(Account::getType).containsExactly("current", "savings", "credit_card");
    assertThat(accounts.getData()).flatExtracting(Account::getIdentifiers)
        .allSatisfy(id -> {
          assertThat(id.getMasked()).as("no accounts.detail: masked").isTrue();
          assertThat(id.getValue()).matches("[*x -]+[0-9]{4}");
        });
    for (SandboxLedger.Account account : book.accounts()) {
      assertThat(data.getAccount(consent.getId(), account.id(), null).getData().getId()).isEqualTo(account.id());
      List<Balance> balances = data.listBalances(consent.getId(), account.id(), null).getData();
      assertThat(decimal(balances, "current")).isEqualByComparingTo(book.booked(account));

      List<Transaction> all = allPages(consent.getId(), account.id(), null, null, null, 200);

      List<SandboxLedger.Entry> expected = book.entries(account.id());
      assertThat(all).hasSize(expected.size()).hasSizeGreaterThan(10);
      assertThat(all.stream().map(Transaction::getId).collect(Collectors.toSet())).hasSize(expected.size());
      assertThat(all).extracting(Transaction::getBookedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
      BigDecimal sum = all.stream().filter(t -> t.getStatus() == Transaction.StatusEnum.BOOKED)
          .map(t -> new BigDecimal(t.getAmount().getValue())).reduce(account.openingBalance(), BigDecimal::add);
      assertThat(sum).as("balances agree with the transactions").isEqualByComparingTo(book.booked(account));
    }
    String current = book.accounts().get(0).id();
    assertThat(book.entries(current).size()).as("a year of transactions").isGreaterThan(300);
    long pending = book.entries(current).stream().filter(SandboxLedger.Entry::pending).count();
    assertThat(allPages(consent.getId(), current, null, null, "pending", 50)).hasSize((int) pending)
        .allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(Transaction.StatusEnum.PENDING));
    LocalDate to = LocalDate.now(ZoneOffset.UTC).minusDays(30);
    LocalDate from = to.minusDays(60);
    long inWindow = book.entries(current).stream().filter(e -> {
      LocalDate day = LocalDate.ofInstant(e.at(), ZoneOffset.UTC);
      return !day.isBefore(from) && !day.isAfter(to);
    }).count();
    assertThat(allPages(consent.getId(), current, from, to, null, 20)).hasSize((int) inWindow)
        .allSatisfy(t -> assertThat(t.getBookedAt().toLocalDate()).isBetween(from, to));
    String card = book.accounts().get(2).id();
    assertThat(allPages(consent.getId(), card, null, null, null, 200))
        .as("payments abroad carry their original amount")
        .filteredOn(t -> t.getOriginalAmount() != null).isNotEmpty()
        .allSatisfy(t -> assertThat(t.getOriginalAmount().getCurrency()).isNotEqualTo(t.getAmount().getCurrency()));

    Identity identity = data.getIdentity(consent.getId(), null).getData();

    assertThat(identity.getFirstName()).isEqualTo(book.holder().firstName());
    assertThat(identity.getLastName()).isEqualTo(book.holder().lastName());
    assertThat(identity.getEmail()).as("no customer.detail: no contact details").isNull();
    assertThat(identity.getAddresses()).isNullOrEmpty();
  }

  @Test
  void detailPermissionsUnmaskNumbersAndContactDetails() throws Exception {
    Consent consent = authorised(THISTLE, "accounts.detail", "customer.detail");

    Account current = data.listAccounts(consent.getId(), null).getData().get(0);
    Identity identity = data.getIdentity(consent.getId(), null).getData();

    SandboxLedger.Account expected = book(consent).accounts().get(0);
    assertThat(current.getIdentifiers().get(0).getScheme()).isEqualTo("sort_code_account_number");
    assertThat(current.getIdentifiers().get(0).getValue()).isEqualTo(expected.branch() + expected.number());
    assertThat(current.getIdentifiers().get(0).getMasked()).isFalse();
    assertThat(identity.getEmail()).isEqualTo(book(consent).holder().email());
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void aPermissionTheConsentLacksIsRefusedNamingIt(String institution) throws Exception {
    Consent consent = authorised(institution, "accounts");
    String account = data.listAccounts(consent.getId(), null).getData().get(0).getId();

    JsonObject problem = problem(() -> data.listTransactions(consent.getId(), account, null, null, null, null, null,
        null), 403, "permission_not_granted");

    assertThat(problem.getString("detail")).isEqualTo("The consent does not grant the permission 'transactions'.");
    problem(() -> data.getIdentity(consent.getId(), null), 403, "permission_not_granted");
  }

  @Test
  void aConsentNotYetAuthorisedOrAnotherTenantsIsRefused() throws Exception {
    Consent awaiting = consents.createConsent(request(THISTLE, "accounts"), null, null);

    JsonObject problem = problem(() -> data.listAccounts(awaiting.getId(), null), 409, "consent_not_active");

    assertThat(problem.getString("detail")).isEqualTo("The consent is awaiting_authorization.");
    Consent authorised = authorised(THISTLE, "accounts");
    DataApi globex = new DataApi(kit.sdk(GatewayTestKit.GLOBEX_KEY));
    problem(() -> globex.listAccounts(authorised.getId(), null), 404, "consent_not_found");
    problem(() -> data.getAccount(authorised.getId(), "no-such-account", null), 404, "account_not_found");
  }

  @Test
  void revokedAtTheBankAnswers409AndRecordsRevoked() throws Exception {
    Consent consent = authorised(THISTLE, "accounts");
    sandbox.yapily().revokeAtBank(UUID.fromString(consent.getProviderConsentId()));

    JsonObject problem = problem(() -> data.listAccounts(consent.getId(), null), 409, "consent_not_active");

    assertThat(problem.getString("detail")).isEqualTo("The consent is revoked.");
    assertThat(problem.getString("provider")).isEqualTo("yapily");
    assertThat(consents.getConsent(consent.getId(), null).getStatus()).isEqualTo("revoked");
    problem(() -> data.listAccounts(consent.getId(), null), 409, "consent_not_active");
  }

  @Test
  void expiredAtYapilyIsRecordedExpired() throws Exception {
    Consent consent = authorised(THISTLE, "accounts");
    sandbox.yapily().expire(UUID.fromString(consent.getProviderConsentId()));

    JsonObject problem = problem(() -> data.listAccounts(consent.getId(), null), 409, "consent_not_active");

    assertThat(problem.getString("detail")).isEqualTo("The consent is expired.");
    assertThat(consents.getConsent(consent.getId(), null).getStatus()).isEqualTo("expired");
  }

  @Test
  void aWychConnectionThatEndedIsNeverServed() throws Exception {
    Consent disconnected = authorised(KOOKABURRA, "accounts");
    Consent expired = authorised(KOOKABURRA, "accounts");
    sandbox.wych().disconnect(UUID.fromString(disconnected.getProviderConsentId()));
    sandbox.wych().expire(UUID.fromString(expired.getProviderConsentId()));

    assertThat(problem(() -> data.listAccounts(disconnected.getId(), null), 409, "consent_not_active")
        .getString("detail")).isEqualTo("The consent is revoked.");
    assertThat(problem(() -> data.listAccounts(expired.getId(), null), 409, "consent_not_active")
        .getString("detail")).isEqualTo("The consent is expired.");
    assertThat(consents.getConsent(disconnected.getId(), null).getStatus()).isEqualTo("revoked");
    assertThat(consents.getConsent(expired.getId(), null).getStatus()).isEqualTo("expired");
  }

  @Test
  void aFailingBankOpensOnlyItsOwnBreaker() throws Exception {
    Consent failing = authorised(HARBOURSIDE, "accounts");
    Consent healthy = authorised(THISTLE, "accounts");
    sandbox.yapily().failBankData("harbourside-sandbox", true);

    for (int i = 0; i < 5; i++) {
      assertThat(problem(() -> data.listAccounts(failing.getId(), null), 502, "institution_unavailable")
          .getString("provider")).isEqualTo("yapily");
    }
    JsonObject open = problem(() -> data.listAccounts(failing.getId(), null), 503, "institution_unavailable");

    assertThat(open.getString("detail")).isNotBlank();
    assertThat(data.listAccounts(healthy.getId(), null).getData()).hasSize(3);
    assertThat(consents.getConsent(failing.getId(), null).getStatus()).isEqualTo("authorized");
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void moneyRoundTripsExactly(String institution) throws Exception {
    Consent consent = authorised(institution, "accounts", "transactions");
    String account = book(consent).accounts().get(0).id();
    Instant now = Instant.now().plusSeconds(60);
    Map<String, String> amounts = Map.of("0.10", "x-tenth", "0.20", "x-fifth", "-12345678901234567.89", "x-large",
        "98765432109876543.21", "x-larger");
    int i = 0;
    for (Map.Entry<String, String> amount : amounts.entrySet()) {
      append(consent, account, id(institution, amount.getValue()), now.plusSeconds(i++), new BigDecimal(amount.getKey()));
    }

    Map<String, String> read = data.listTransactions(consent.getId(), account, null, null, null, null, 10, null)
        .getData().stream().collect(Collectors.toMap(Transaction::getId, t -> t.getAmount().getValue()));

    for (Map.Entry<String, String> amount : amounts.entrySet()) {
      assertThat(read).containsEntry(id(institution, amount.getValue()), amount.getKey());
    }
    assertThat(new BigDecimal(read.get(id(institution, "x-tenth"))).add(new BigDecimal(read.get(id(institution, "x-fifth")))))
        .isEqualTo(new BigDecimal("0.30"));
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void aPageNeverRepeatsOrSkipsWhileNewTransactionsArrive(String institution) throws Exception {
    Consent consent = authorised(institution, "accounts", "transactions");
    String account = book(consent).accounts().get(0).id();
    Set<String> before = book(consent).entries(account).stream().map(SandboxLedger.Entry::id).collect(Collectors.toSet());

    List<Transaction> seen = new ArrayList<>();
    TransactionPage page = data.listTransactions(consent.getId(), account, null, null, null, null, 50, null);
    seen.addAll(page.getData());
    for (int n = 0; n < 5; n++) {
      append(consent, account, id(institution, "new-" + n), Instant.now().plusSeconds(n), new BigDecimal("-1.00"));
    }
    while (page.getNextCursor() != null) {
      page = data.listTransactions(consent.getId(), account, null, null, null, null, 50, page.getNextCursor());
      seen.addAll(page.getData());
    }

    List<String> ids = seen.stream().map(Transaction::getId).toList();
    assertThat(new HashSet<>(ids)).as("no repeats").hasSize(ids.size());
    assertThat(new HashSet<>(ids)).as("nothing skipped, nothing shifted in").isEqualTo(before);
  }

  @Test
  void aCursorForOtherFiltersIsRefused() throws Exception {
    Consent consent = authorised(THISTLE, "accounts", "transactions");
    String account = book(consent).accounts().get(0).id();
    String cursor = data.listTransactions(consent.getId(), account, null, null, null, null, 10, null).getNextCursor();

    problem(() -> data.listTransactions(consent.getId(), account, null, null, null, "booked", 10, cursor), 400,
        "validation_failed");
  }

  // ------------------------------------------------------------------ helpers

  private static List<Transaction> allPages(String consentId, String accountId, LocalDate from, LocalDate to,
      String status, int limit) throws ApiException {
    List<Transaction> all = new ArrayList<>();
    String cursor = null;
    do {
      TransactionPage page = data.listTransactions(consentId, accountId, null, from, to, status, limit, cursor);
      assertThat(page.getData().size()).isLessThanOrEqualTo(limit);
      all.addAll(page.getData());
      cursor = page.getNextCursor();
    } while (cursor != null);
    return all;
  }

  private static Consent authorised(String institution, String... permissions) throws Exception {
    Consent created = consents.createConsent(request(institution, permissions), null, null);
    kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");
    Consent consent = consents.getConsent(created.getId(), null);
    assertThat(consent.getStatus()).isEqualTo("authorized");
    return consent;
  }

  private static CreateConsentRequest request(String institution, String... permissions) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institution);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("data-user-" + UUID.randomUUID());
    request.setUser(user);
    request.setPermissions(new java.util.LinkedHashSet<>(List.of(permissions)));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    return request;
  }

  private static SandboxLedger.Book book(Consent consent) {
    UUID id = UUID.fromString(consent.getProviderConsentId());
    return consent.getProvider().equals("wych") ? sandbox.wych().book(id).orElseThrow()
        : sandbox.yapily().book(id).orElseThrow();
  }

  private static void append(Consent consent, String account, String id, Instant at, BigDecimal amount) {
    SandboxLedger.Entry entry = new SandboxLedger.Entry(id, at, false, amount, null, null, null, "TEST " + id, null,
        null, "test");
    UUID provider = UUID.fromString(consent.getProviderConsentId());
    boolean added = consent.getProvider().equals("wych") ? sandbox.wych().appendTransaction(provider, account, entry)
        : sandbox.yapily().appendTransaction(provider, account, entry);
    assertThat(added).isTrue();
  }

  /** Wych transaction ids are UUIDs. */
  private static String id(String institution, String name) {
    return institution.startsWith("wych:") ? UUID.nameUUIDFromBytes(name.getBytes()).toString() : name;
  }

  private static BigDecimal decimal(List<Balance> balances, String type) {
    return balances.stream().filter(b -> b.getType().equals(type)).map(b -> new BigDecimal(b.getAmount().getValue()))
        .findFirst().orElseThrow();
  }
}
