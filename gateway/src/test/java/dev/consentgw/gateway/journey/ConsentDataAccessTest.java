package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.Account;
import dev.consentgw.gateway.provider.AccountIdentifier;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Identity;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Money;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderData;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.provider.Transaction;
import dev.consentgw.gateway.provider.TransactionWindow;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data reads on their own: a fake provider, the in-memory store, a hand-moved clock; every future
 * completes synchronously. Each refusal is asserted with the upstream call it must have prevented,
 * each read with what the provider was asked and what leaves the gateway.
 */
class ConsentDataAccessTest {

  private static final int MAX_PER_READ = 50;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final InMemoryConsentStore store = new InMemoryConsentStore(clock,
      new StoreOptions.Memory(1000, 1000, Duration.ofHours(1)));
  private final SecretBox secrets = new SecretBox(new byte[32]);
  private final DataProvider provider = new DataProvider();
  private final ConsentDataAccess access = new ConsentDataAccess(Map.of("yapily", provider), store, secrets,
      new JourneyOptions(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofHours(24), MAX_PER_READ), clock);
  private final Tenant acme = new Tenant("acme", "Acme", Set.of(), Set.of("yapily"));
  private final Tenant globex = new Tenant("globex", "Globex", Set.of(), Set.of("yapily"));

  // ---- access rules, before any upstream call

  @Test
  void anUnknownConsentIsNotFound() {
    JourneyFailure failure = assertRefused(access.accounts(acme, "cns_none"), Reason.CONSENT_NOT_FOUND);

    assertThat(failure).hasMessage("No consent with id 'cns_none'.");
    assertThat(provider.calls).isEmpty();
  }

  @Test
  void anotherTenantsConsentIsNotFound() {
    insert(consent(Permission.ACCOUNTS).build());

    assertRefused(access.accounts(globex, "cns_1"), Reason.CONSENT_NOT_FOUND);
    assertThat(provider.calls).isEmpty();
  }

  @Test
  void aConsentNotAuthorisedIsNotActiveNamingItsStatus() {
    insert(consent(Permission.ACCOUNTS).status(ConsentStatus.AWAITING_AUTHORIZATION).build());

    JourneyFailure failure = assertRefused(access.accounts(acme, "cns_1"), Reason.CONSENT_NOT_ACTIVE);

    assertThat(failure).hasMessage("The consent is awaiting_authorization.");
    assertThat(failure.provider()).isEqualTo("yapily");
    assertThat(provider.calls).isEmpty();
  }

  @Test
  void eachReadNeedsOneOfItsPermissionsAndNamesTheFirst() {
    insert(consent(Permission.PAYEES).build());

    assertThat(assertRefused(access.accounts(acme, "cns_1"), Reason.PERMISSION_NOT_GRANTED))
        .hasMessage("The consent does not grant the permission 'accounts'.");
    assertThat(assertRefused(access.account(acme, "cns_1", "acc-1"), Reason.PERMISSION_NOT_GRANTED))
        .hasMessage("The consent does not grant the permission 'accounts'.");
    assertThat(assertRefused(access.balances(acme, "cns_1", "acc-1"), Reason.PERMISSION_NOT_GRANTED))
        .hasMessage("The consent does not grant the permission 'balances'.");
    assertThat(assertRefused(access.identity(acme, "cns_1"), Reason.PERMISSION_NOT_GRANTED))
        .hasMessage("The consent does not grant the permission 'customer'.");
    assertThat(assertRefused(access.transactions(acme, "cns_1", "acc-1", query(null, null, null, 10, null)),
        Reason.PERMISSION_NOT_GRANTED)).hasMessage("The consent does not grant the permission 'transactions'.");
    assertThat(provider.calls).isEmpty();
  }

  @Test
  void theDetailPermissionAloneIsEnough() {
    insert(consent(Permission.ACCOUNTS_DETAIL, Permission.CUSTOMER_DETAIL).build());
    provider.accounts = () -> Future.succeededFuture(ProviderData.live(List.of()));
    provider.identity = () -> Future.succeededFuture(ProviderData.live(identity()));

    assertThat(value(access.accounts(acme, "cns_1")).data()).isEmpty();
    assertThat(value(access.identity(acme, "cns_1")).data()).isEqualTo(identity());
  }

  // ---- what the provider is asked and what leaves the gateway

  @Test
  void accountsAreReadWithTheConsentsReferenceAndTheirNumbersMasked() {
    insert(consent(Permission.ACCOUNTS).build());
    Instant providerRefresh = clock.instant().minusSeconds(600);
    provider.accounts = () -> Future.succeededFuture(new ProviderData<>(List.of(account("acc-1",
        new AccountIdentifier("sort_code_account_number", "12-34-56 12345678", false),
        new AccountIdentifier("iban", "123", false),
        new AccountIdentifier("masked_pan", "xxxx-1234", true))), providerRefresh));

    DataView<List<Account>> view = value(access.accounts(acme, "cns_1"));

    assertThat(view.data()).singleElement().satisfies(a -> assertThat(a.identifiers()).containsExactly(
        new AccountIdentifier("sort_code_account_number", "**********5678", true),
        new AccountIdentifier("iban", "123", true),
        new AccountIdentifier("masked_pan", "xxxx-1234", true)));
    assertThat(view.fetchedAt()).isEqualTo(clock.instant());
    assertThat(view.lastUpdated()).isEqualTo(providerRefresh);
    assertThat(provider.refs).singleElement().satisfies(ref -> {
      assertThat(ref.providerConsentId()).isEqualTo("pc-1");
      assertThat(ref.providerInstitutionId()).isEqualTo("thistle");
      assertThat(ref.userReference()).isEqualTo("acme:user-1");
      assertThat(ref.providerState()).isEqualTo(Map.of("k", "v"));
      assertThat(ref.consentToken()).as("unsealed for the adapter").isEqualTo("consent-token");
    });
  }

  @Test
  void accountNumbersStayWholeUnderTheDetailPermission() {
    insert(consent(Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL).build());
    Account account = account("acc-1", new AccountIdentifier("iban", "GB33BUKB20201555555555", false));
    provider.accounts = () -> Future.succeededFuture(ProviderData.live(List.of(account)));
    provider.account = () -> Future.succeededFuture(ProviderData.live(account));

    assertThat(value(access.accounts(acme, "cns_1")).data()).containsExactly(account);
    assertThat(value(access.account(acme, "cns_1", "acc-1")).data()).isEqualTo(account);
    assertThat(value(access.account(acme, "cns_1", "acc-1")).lastUpdated()).isNull();
  }

  @Test
  void oneAccountIsMaskedToo() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.account = () -> Future.succeededFuture(ProviderData.live(
        account("acc-1", new AccountIdentifier("iban", "GB33 BUKB 2020 1555 5555 55", false))));

    assertThat(value(access.account(acme, "cns_1", "acc-1")).data().identifiers())
        .containsExactly(new AccountIdentifier("iban", "******************5555", true));
    assertThat(provider.accountIds).containsExactly("acc-1");
  }

  @Test
  void balancesPassThrough() {
    insert(consent(Permission.BALANCES).build());
    List<Balance> balances = List.of(new Balance("current", new Money(new BigDecimal("10.50"), "GBP"), null));
    provider.balances = () -> Future.succeededFuture(ProviderData.live(balances));

    assertThat(value(access.balances(acme, "cns_1", "acc-2")).data()).isEqualTo(balances);
    assertThat(provider.accountIds).containsExactly("acc-2");
  }

  @Test
  void contactDetailsNeedTheDetailPermission() {
    insert(consent(Permission.CUSTOMER).build());
    provider.identity = () -> Future.succeededFuture(ProviderData.live(identity()));

    Identity shown = value(access.identity(acme, "cns_1")).data();

    assertThat(shown).isEqualTo(identity().nameOnly());
    assertThat(shown.email()).isNull();
  }

  // ---- failures

  @Test
  void anAccountTheProviderDoesNotKnowIsNotFound() {
    insert(consent(Permission.ACCOUNTS, Permission.BALANCES, Permission.TRANSACTIONS).build());
    provider.account = () -> failed(ProviderError.Kind.NOT_FOUND);
    provider.balances = () -> failed(ProviderError.Kind.NOT_FOUND);
    provider.transactions = () -> failed(ProviderError.Kind.NOT_FOUND);

    assertThat(assertRefused(access.account(acme, "cns_1", "acc-9"), Reason.ACCOUNT_NOT_FOUND))
        .hasMessage("The consent has no account with id 'acc-9'.");
    assertRefused(access.balances(acme, "cns_1", "acc-9"), Reason.ACCOUNT_NOT_FOUND);
    assertRefused(access.transactions(acme, "cns_1", "acc-9", query(null, null, null, 10, null)),
        Reason.ACCOUNT_NOT_FOUND);
    assertThat(provider.reads).as("no status check for an unknown account").isEmpty();
  }

  @Test
  void notFoundOnAListOfAccountsIsTheProvidersFailure() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.accounts = () -> failed(ProviderError.Kind.NOT_FOUND);

    Future<?> read = access.accounts(acme, "cns_1");

    assertThat(read.cause()).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(ProviderError.Kind.NOT_FOUND));
  }

  @Test
  void otherFailuresGoUpAsTheyAre() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.account = () -> failed(ProviderError.Kind.UNAVAILABLE);
    RuntimeException bug = new IllegalStateException("bug");
    provider.accounts = () -> Future.failedFuture(bug);

    assertThat(access.account(acme, "cns_1", "acc-1").cause()).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.error().kind()).isEqualTo(ProviderError.Kind.UNAVAILABLE));
    assertThat(access.accounts(acme, "cns_1").cause()).isSameAs(bug);
    assertThat(provider.reads).isEmpty();
    assertThat(value(store.get("cns_1")).orElseThrow().status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void aConsentEndedAtTheProviderIsRecordedWithTheProvidersStatus() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.accounts = () -> failed(ProviderError.Kind.CONSENT_INACTIVE);
    provider.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.EXPIRED, null, null));
    clock.advance(Duration.ofMinutes(5));

    JourneyFailure failure = assertRefused(access.accounts(acme, "cns_1"), Reason.CONSENT_NOT_ACTIVE);

    assertThat(failure).hasMessage("The consent is expired.");
    assertThat(failure.provider()).isEqualTo("yapily");
    assertThat(provider.reads).singleElement().extracting(ProviderConsentRef::providerConsentId).isEqualTo("pc-1");
    ConsentRecord stored = value(store.get("cns_1")).orElseThrow();
    assertThat(stored.status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(stored.updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aConsentStillAuthorisedAtTheProviderWasRevokedAtTheBank() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.accounts = () -> failed(ProviderError.Kind.CONSENT_INACTIVE);
    provider.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    assertThat(assertRefused(access.accounts(acme, "cns_1"), Reason.CONSENT_NOT_ACTIVE))
        .hasMessage("The consent is revoked.");
    assertThat(value(store.get("cns_1")).orElseThrow().status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Test
  void anEndAlreadyRecordedMeanwhileIsKept() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.accounts = () -> {
      // another request recorded the end while this read was upstream
      value(store.update("cns_1", r -> r.withStatus(ConsentStatus.EXPIRED, clock.instant(), null, null)));
      return failed(ProviderError.Kind.CONSENT_INACTIVE);
    };
    provider.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    assertThat(assertRefused(access.accounts(acme, "cns_1"), Reason.CONSENT_NOT_ACTIVE))
        .hasMessage("The consent is expired.");
    assertThat(value(store.get("cns_1")).orElseThrow().status()).isEqualTo(ConsentStatus.EXPIRED);
  }

  @Test
  void aConsentGoneFromTheStoreMeanwhileAnswersWithWhatWasRead() {
    insert(consent(Permission.ACCOUNTS).build());
    provider.accounts = () -> failed(ProviderError.Kind.CONSENT_INACTIVE);
    provider.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.REVOKED, null, null));
    ConsentDataAccess forgetful = new ConsentDataAccess(Map.of("yapily", provider), new ForgetfulStore(store),
        secrets, new JourneyOptions(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofHours(24),
        MAX_PER_READ), clock);

    assertThat(assertRefused(forgetful.accounts(acme, "cns_1"), Reason.CONSENT_NOT_ACTIVE).provider())
        .isEqualTo("yapily");
  }

  // ---- transactions

  @Test
  void theProviderIsAskedForTheWholeDaysOfTheQuery() {
    insert(consent(Permission.TRANSACTIONS).build());
    provider.transactions = () -> Future.succeededFuture(ProviderData.live(List.of()));

    value(access.transactions(acme, "cns_1", "acc-1",
        query(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28"), null, 10, null)));
    value(access.transactions(acme, "cns_1", "acc-1", query(null, null, null, 10, null)));

    assertThat(provider.windows).containsExactly(
        new TransactionWindow(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-28T23:59:59.999999999Z"),
            MAX_PER_READ),
        new TransactionWindow(null, null, MAX_PER_READ));
    assertThat(provider.accountIds).containsExactly("acc-1", "acc-1");
  }

  @Test
  void aLaterPageAsksOnlyForWhatPrecedesItsPosition() {
    insert(consent(Permission.TRANSACTIONS).build());
    provider.transactions = () -> Future.succeededFuture(ProviderData.live(List.of()));
    Instant position = Instant.parse("2026-02-10T08:00:00Z");
    LocalDate to = LocalDate.parse("2026-02-20");

    value(access.transactions(acme, "cns_1", "acc-1", query(null, null, null, 10, at(position, "t5"))));
    value(access.transactions(acme, "cns_1", "acc-1", query(null, to, null, 10, at(position, "t5"))));
    value(access.transactions(acme, "cns_1", "acc-1",
        query(null, LocalDate.parse("2026-02-05"), null, 10, at(position, "t5"))));

    assertThat(provider.windows).extracting(TransactionWindow::before).containsExactly(
        position, position, Instant.parse("2026-02-05T23:59:59.999999999Z"));
  }

  @Test
  void aPageKeepsTheDaysOfTheQueryInclusive() {
    insert(consent(Permission.TRANSACTIONS).build());
    Instant from = Instant.parse("2026-02-01T00:00:00Z");
    Instant lastOfTo = Instant.parse("2026-02-28T23:59:59.999999999Z");
    provider.transactions = () -> Future.succeededFuture(ProviderData.live(List.of(
        tx("early", from.minusNanos(1), false), tx("first", from, false), tx("last", lastOfTo, false),
        tx("late", lastOfTo.plusNanos(1), false))));

    TransactionSlice slice = value(access.transactions(acme, "cns_1", "acc-1",
        query(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28"), null, 10, null))).data();

    assertThat(slice.items()).extracting(Transaction::id).containsExactly("last", "first");
    assertThat(slice.more()).isFalse();
  }

  @Test
  void aPageIsNewestFirstWithoutRepeatsFilteredByPendingAndCut() {
    insert(consent(Permission.TRANSACTIONS).build());
    Instant t = Instant.parse("2026-02-10T08:00:00Z");
    provider.transactions = () -> Future.succeededFuture(ProviderData.live(List.of(
        tx("a", t.minusSeconds(60), false), tx("c", t, false), tx("b", t, false), tx("p", t.plusSeconds(5), true),
        tx("c", t, false), tx("d", t.plusSeconds(60), false))));

    TransactionSlice all = value(access.transactions(acme, "cns_1", "acc-1", query(null, null, null, 10, null)))
        .data();
    TransactionSlice booked = value(access.transactions(acme, "cns_1", "acc-1",
        query(null, null, false, 10, null))).data();
    TransactionSlice pending = value(access.transactions(acme, "cns_1", "acc-1",
        query(null, null, true, 10, null))).data();
    TransactionSlice firstTwo = value(access.transactions(acme, "cns_1", "acc-1",
        query(null, null, false, 2, null))).data();
    TransactionSlice exactlyFour = value(access.transactions(acme, "cns_1", "acc-1",
        query(null, null, false, 4, null))).data();

    assertThat(all.items()).extracting(Transaction::id).containsExactly("d", "p", "c", "b", "a");
    assertThat(booked.items()).extracting(Transaction::id).containsExactly("d", "c", "b", "a");
    assertThat(pending.items()).extracting(Transaction::id).containsExactly("p");
    assertThat(firstTwo.items()).extracting(Transaction::id).containsExactly("d", "c");
    assertThat(firstTwo.more()).isTrue();
    assertThat(exactlyFour.items()).hasSize(4);
    assertThat(exactlyFour.more()).as("nothing follows the fourth").isFalse();
  }

  @Test
  void theNextPageStartsRightAfterItsPositionEvenAtTheSameInstant() {
    insert(consent(Permission.TRANSACTIONS).build());
    Instant t = Instant.parse("2026-02-10T08:00:00Z");
    provider.transactions = () -> Future.succeededFuture(ProviderData.live(List.of(
        tx("d", t.plusSeconds(1), false), tx("c", t, false), tx("b", t, false), tx("a", t.minusNanos(1), false))));

    TransactionSlice next = value(access.transactions(acme, "cns_1", "acc-1",
        query(null, null, null, 10, at(t, "c")))).data();

    assertThat(next.items()).extracting(Transaction::id).containsExactly("b", "a");
  }

  // ---- helpers

  private ConsentRecord.Builder consent(Permission... permissions) {
    Instant now = clock.instant();
    return ConsentRecord.builder()
        .id("cns_1")
        .tenantId("acme")
        .provider("yapily")
        .institutionId("yapily:thistle")
        .providerInstitutionId("thistle")
        .userReference("user-1")
        .permissions(Set.of(permissions))
        .status(ConsentStatus.AUTHORIZED)
        .createdAt(now)
        .updatedAt(now)
        .authorizedAt(now)
        .providerConsentId("pc-1")
        .providerState(Map.of("k", "v"))
        .sealedConsentToken(secrets.seal("consent-token", "cns_1"))
        .statusCheckedAt(now);
  }

  private void insert(ConsentRecord record) {
    value(store.insert(record));
  }

  private static TransactionQuery query(LocalDate from, LocalDate to, Boolean pending, int limit,
      TransactionQuery.Position after) {
    return new TransactionQuery(from, to, pending, limit, after);
  }

  private static TransactionQuery.Position at(Instant bookedAt, String id) {
    return new TransactionQuery.Position(bookedAt, id);
  }

  private static Transaction tx(String id, Instant bookedAt, boolean pending) {
    return new Transaction(id, pending, bookedAt, null, new Money(BigDecimal.ONE, "GBP"), null, id, null, null, null,
        null);
  }

  private static Account account(String id, AccountIdentifier... identifiers) {
    return new Account(id, "Main", "current", null, "personal", "GBP", "open", List.of(identifiers));
  }

  private static Identity identity() {
    return new Identity("Ada Lovelace", "Ada", "Lovelace", "ada@example.com", "+441234",
        List.of(new Identity.Address(List.of("1 Road"), "London", "N1", "GB")));
  }

  private static <T> Future<T> failed(ProviderError.Kind kind) {
    return Future.failedFuture(new ProviderFailure(new ProviderError(kind, "yapily", "thistle", 400, "said no")));
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.isComplete()).as("completes without waiting").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed", future.cause());
    }
    return future.result();
  }

  private static JourneyFailure assertRefused(Future<?> future, Reason reason) {
    assertThat(future.failed()).as("refused").isTrue();
    assertThat(future.cause()).isInstanceOf(JourneyFailure.class);
    JourneyFailure failure = (JourneyFailure) future.cause();
    assertThat(failure.reason()).isEqualTo(reason);
    return failure;
  }

  /** A store whose consent disappears (evicted, say) between the read and the update. */
  private static final class ForgetfulStore implements dev.consentgw.gateway.store.ConsentStore {
    private final dev.consentgw.gateway.store.ConsentStore delegate;

    ForgetfulStore(dev.consentgw.gateway.store.ConsentStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Future<Void> insert(ConsentRecord record) {
      return delegate.insert(record);
    }

    @Override
    public Future<java.util.Optional<ConsentRecord>> get(String consentId) {
      return delegate.get(consentId);
    }

    @Override
    public Future<java.util.Optional<ConsentRecord>> update(String consentId,
        java.util.function.UnaryOperator<ConsentRecord> change) {
      return Future.succeededFuture(java.util.Optional.empty());
    }

    @Override
    public Future<java.util.Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
      return delegate.findByJourneyTokenHash(tokenHash);
    }

    @Override
    public Future<java.util.Optional<ConsentRecord>> findByProviderConsentId(String provider, String id) {
      return delegate.findByProviderConsentId(provider, id);
    }

    @Override
    public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
      return delegate.listByUser(tenantId, userReference);
    }

    @Override
    public Future<List<ConsentRecord>> leaseDue(java.time.Instant now, java.time.Instant leaseUntil, int max) {
      return delegate.leaseDue(now, leaseUntil, max);
    }
  }

  /** Serves what the test sets and remembers what it was asked. */
  private static final class DataProvider implements ProviderAdapter {
    Supplier<Future<ProviderData<List<Account>>>> accounts;
    Supplier<Future<ProviderData<Account>>> account;
    Supplier<Future<ProviderData<List<Balance>>>> balances;
    Supplier<Future<ProviderData<List<Transaction>>>> transactions;
    Supplier<Future<ProviderData<Identity>>> identity;
    Supplier<Future<ConsentState>> read;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<ProviderConsentRef> refs = new CopyOnWriteArrayList<>();
    final List<String> accountIds = new ArrayList<>();
    final List<TransactionWindow> windows = new ArrayList<>();
    final List<ProviderConsentRef> reads = new ArrayList<>();

    @Override
    public String id() {
      return "yapily";
    }

    @Override
    public Future<List<Institution>> listInstitutions() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ConsentStart> startConsent(ConsentRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params,
        String nextCallbackUrl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ConsentState> readConsent(ProviderConsentRef consent) {
      reads.add(consent);
      return read.get();
    }

    @Override
    public Future<Void> revokeConsent(ProviderConsentRef consent) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ProviderData<List<Account>>> listAccounts(ProviderConsentRef consent) {
      return called("listAccounts", consent, null, accounts);
    }

    @Override
    public Future<ProviderData<Account>> getAccount(ProviderConsentRef consent, String accountId) {
      return called("getAccount", consent, accountId, account);
    }

    @Override
    public Future<ProviderData<List<Balance>>> listBalances(ProviderConsentRef consent, String accountId) {
      return called("listBalances", consent, accountId, balances);
    }

    @Override
    public Future<ProviderData<List<Transaction>>> listTransactions(ProviderConsentRef consent, String accountId,
        TransactionWindow window) {
      windows.add(window);
      return called("listTransactions", consent, accountId, transactions);
    }

    @Override
    public Future<ProviderData<Identity>> identity(ProviderConsentRef consent) {
      return called("identity", consent, null, identity);
    }

    private <T> Future<T> called(String operation, ProviderConsentRef ref, String accountId,
        Supplier<Future<T>> answer) {
      calls.add(operation);
      refs.add(ref);
      if (accountId != null) {
        accountIds.add(accountId);
      }
      return answer.get();
    }
  }
}
