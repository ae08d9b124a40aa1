package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.Account;
import dev.consentgw.gateway.provider.AccountIdentifier;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Identity;
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
import dev.consentgw.gateway.store.ConsentStore;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading what a consent grants, provider-neutral. Access rules come first, before any upstream
 * call: the consent is the caller's tenant's (else 404), it is authorised (else 409 naming its
 * status), and it grants the permission the read needs (else 403 naming it). When the provider
 * says the consent ended, its status is asked from the provider and recorded, and the read answers
 * 409. Masking of account numbers and contact details the consent does not grant happens here, so
 * it holds whatever a provider returns.
 */
public final class ConsentDataAccess {

  private static final Logger LOG = LoggerFactory.getLogger(ConsentDataAccess.class);
  private static final int UNMASKED_TAIL = 4;
  private static final Comparator<Transaction> NEWEST_FIRST = Comparator.comparing(Transaction::bookedAt)
      .thenComparing(Transaction::id).reversed();

  private final Map<String, ProviderAdapter> adapters;
  private final ConsentStore store;
  private final SecretBox secrets;
  private final JourneyOptions options;
  private final Clock clock;

  public ConsentDataAccess(Map<String, ProviderAdapter> adapters, ConsentStore store, SecretBox secrets,
      JourneyOptions options, Clock clock) {
    this.adapters = Map.copyOf(adapters);
    this.store = store;
    this.secrets = secrets;
    this.options = options;
    this.clock = clock;
  }

  public Future<DataView<List<Account>>> accounts(Tenant tenant, String consentId) {
    return read(tenant, consentId, Set.of(Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL), null,
        ProviderAdapter::listAccounts,
        (record, accounts) -> accounts.stream().map(a -> masked(record, a)).toList());
  }

  public Future<DataView<Account>> account(Tenant tenant, String consentId, String accountId) {
    return read(tenant, consentId, Set.of(Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL), accountId,
        (adapter, ref) -> adapter.getAccount(ref, accountId), this::masked);
  }

  public Future<DataView<List<Balance>>> balances(Tenant tenant, String consentId, String accountId) {
    return read(tenant, consentId, Set.of(Permission.BALANCES), accountId,
        (adapter, ref) -> adapter.listBalances(ref, accountId), (record, balances) -> balances);
  }

  public Future<DataView<Identity>> identity(Tenant tenant, String consentId) {
    return read(tenant, consentId, Set.of(Permission.CUSTOMER, Permission.CUSTOMER_DETAIL), null,
        ProviderAdapter::identity,
        (record, identity) -> record.permissions().contains(Permission.CUSTOMER_DETAIL) ? identity : identity.nameOnly());
  }

  /**
   * One page of an account's transactions, newest first. The provider is asked for the query's
   * window, narrowed to what precedes the position already reached, so transactions that arrive
   * meanwhile (newer than the first page) never shift a page: nothing repeats and nothing is skipped.
   */
  public Future<DataView<TransactionSlice>> transactions(Tenant tenant, String consentId, String accountId,
      TransactionQuery query) {
    Instant from = query.from() == null ? null : query.from().atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = query.to() == null ? null : query.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
    Instant before = query.after() == null ? to
        : to == null || query.after().bookedAt().isBefore(to) ? query.after().bookedAt() : to;
    TransactionWindow window = new TransactionWindow(from, before, options.maxTransactionsPerRead());
    return read(tenant, consentId, Set.of(Permission.TRANSACTIONS), accountId,
        (adapter, ref) -> adapter.listTransactions(ref, accountId, window),
        (record, transactions) -> slice(transactions, query, from, to));
  }

  private static TransactionSlice slice(List<Transaction> transactions, TransactionQuery query, Instant from,
      Instant to) {
    Set<String> seen = new HashSet<>();
    List<Transaction> matching = transactions.stream()
        .filter(tx -> from == null || !tx.bookedAt().isBefore(from))
        .filter(tx -> to == null || !tx.bookedAt().isAfter(to))
        .filter(tx -> query.pending() == null || tx.pending() == query.pending())
        .filter(tx -> query.after() == null || precedes(query.after(), tx))
        .sorted(NEWEST_FIRST)
        // Providers may repeat a transaction across their own pages.
        .filter(tx -> seen.add(tx.id()))
        .limit(query.limit() + 1L)
        .toList();
    boolean more = matching.size() > query.limit();
    return new TransactionSlice(more ? matching.subList(0, query.limit()) : matching, more);
  }

  /** Whether {@code tx} comes after {@code position} in the order newest first. */
  private static boolean precedes(TransactionQuery.Position position, Transaction tx) {
    int byTime = tx.bookedAt().compareTo(position.bookedAt());
    return byTime < 0 || byTime == 0 && tx.id().compareTo(position.id()) < 0;
  }

  /** A reader of one kind of data, and what the gateway does to it before it leaves. */
  @FunctionalInterface
  private interface Reader<T> {
    Future<ProviderData<T>> read(ProviderAdapter adapter, ProviderConsentRef ref);
  }

  @FunctionalInterface
  private interface Shaper<T, R> {
    R shape(ConsentRecord record, T data);
  }

  private <T, R> Future<DataView<R>> read(Tenant tenant, String consentId, Set<Permission> anyOf, String accountId,
      Reader<T> reader, Shaper<T, R> shaper) {
    return usable(tenant, consentId, anyOf).compose(record -> {
      ProviderAdapter adapter = adapters.get(record.provider());
      ProviderConsentRef ref = ConsentRefs.of(record, secrets);
      return reader.read(adapter, ref)
          .map(data -> new DataView<>(shaper.shape(record, data.data()), clock.instant(), data.lastUpdated()))
          .recover(failure -> answered(record, adapter, ref, accountId, failure));
    });
  }

  /** The tenant's consent, if it is authorised and grants one of {@code anyOf}. */
  private Future<ConsentRecord> usable(Tenant tenant, String consentId, Set<Permission> anyOf) {
    return store.get(consentId).compose(found -> {
      if (found.isEmpty() || !found.get().tenantId().equals(tenant.id())) {
        return fail(Reason.CONSENT_NOT_FOUND, "No consent with id '" + consentId + "'.", null);
      }
      ConsentRecord record = found.get();
      if (record.status() != ConsentStatus.AUTHORIZED) {
        return notActive(record);
      }
      if (anyOf.stream().noneMatch(record.permissions()::contains)) {
        String needed = anyOf.stream().map(Permission::wireName).sorted().findFirst().orElseThrow();
        return fail(Reason.PERMISSION_NOT_GRANTED, "The consent does not grant the permission '" + needed + "'.",
            null);
      }
      return Future.succeededFuture(record);
    });
  }

  /**
   * What a failed read means. The provider saying the consent ended: its status is read back (a
   * consent still reading authorised there was revoked at the bank) and recorded, and the answer is
   * 409. A provider not knowing an account: 404. Anything else goes up as it is.
   */
  private <R> Future<R> answered(ConsentRecord record, ProviderAdapter adapter, ProviderConsentRef ref,
      String accountId, Throwable failure) {
    if (!(failure instanceof ProviderFailure provider)) {
      return Future.failedFuture(failure);
    }
    ProviderError.Kind kind = provider.error().kind();
    if (kind == ProviderError.Kind.NOT_FOUND && accountId != null) {
      return fail(Reason.ACCOUNT_NOT_FOUND, "The consent has no account with id '" + accountId + "'.", null);
    }
    if (kind != ProviderError.Kind.CONSENT_INACTIVE) {
      return Future.failedFuture(failure);
    }
    return adapter.readConsent(ref).compose(state -> {
      ConsentStatus ended = state.status().isTerminal() ? state.status() : ConsentStatus.REVOKED;
      LOG.info("consent {} ended at {}: {}", record.id(), record.provider(), ended.wireName());
      return store.update(record.id(), r -> r.status().isTerminal() ? r : r.withStatus(ended, clock.instant(), null,
              null))
          .compose(updated -> notActive(updated.orElse(record)));
    });
  }

  private static <T> Future<T> notActive(ConsentRecord record) {
    return fail(Reason.CONSENT_NOT_ACTIVE, "The consent is " + record.status().wireName() + ".", record.provider());
  }

  private Account masked(ConsentRecord record, Account account) {
    if (record.permissions().contains(Permission.ACCOUNTS_DETAIL)) {
      return account;
    }
    return account.withIdentifiers(account.identifiers().stream().map(ConsentDataAccess::mask).toList());
  }

  private static AccountIdentifier mask(AccountIdentifier identifier) {
    if (identifier.masked()) {
      return identifier;
    }
    String value = identifier.value().replaceAll("[^A-Za-z0-9]", "");
    int keep = Math.min(UNMASKED_TAIL, value.length());
    return new AccountIdentifier(identifier.scheme(),
        "*".repeat(value.length() - keep) + value.substring(value.length() - keep), true);
  }

  private static <T> Future<T> fail(Reason reason, String detail, String provider) {
    return Future.failedFuture(new JourneyFailure(reason, detail, provider, List.of()));
  }
}
