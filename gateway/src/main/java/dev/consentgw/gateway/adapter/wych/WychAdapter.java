package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.api.AuthApiImpl;
import dev.consentgw.clients.wych.api.ConnectionsApi;
import dev.consentgw.clients.wych.api.ConnectionsApiImpl;
import dev.consentgw.clients.wych.api.CustomerDataApi;
import dev.consentgw.clients.wych.api.CustomerDataApiImpl;
import dev.consentgw.clients.wych.api.DataHoldersApi;
import dev.consentgw.clients.wych.api.DataHoldersApiImpl;
import dev.consentgw.clients.wych.api.UsersApi;
import dev.consentgw.clients.wych.api.UsersApiImpl;
import dev.consentgw.clients.wych.invoker.PooledApiClient;
import dev.consentgw.clients.wych.model.Connection;
import dev.consentgw.clients.wych.model.ConnectionDetail;
import dev.consentgw.clients.wych.model.CreateConnectionRequest;
import dev.consentgw.clients.wych.model.CreateUserRequest;
import dev.consentgw.clients.wych.model.DatasetState;
import dev.consentgw.clients.wych.model.Ecosystem;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.Account;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Identity;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderData;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.provider.Transaction;
import dev.consentgw.gateway.provider.TransactionWindow;
import dev.consentgw.gateway.resilience.FailureClassifier;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamPath;
import dev.consentgw.gateway.resilience.UpstreamPolicy;
import dev.consentgw.gateway.resilience.UpstreamResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The provider port for Wych (Australia's Consumer Data Right). A journey is a Wych "connection":
 * the end user is found or created by a pseudonymous email ({@link WychUserEmail}), the connection
 * is created and authorised with that user's token, and the browser comes back to the app's fixed
 * callback URL carrying the connection id.
 */
public final class WychAdapter implements ProviderAdapter {

  private static final String PROVIDER = WychErrorReader.PROVIDER;
  /** Key of the Wych user id in the consent's provider state. */
  private static final String USER_ID = "userId";
  private static final String ACCESS_DENIED = "access_denied";

  private static final Logger LOG = LoggerFactory.getLogger(WychAdapter.class);
  private static final String CONNECTION_PARAM = "connection";
  private static final String STATE_PARAM = "state";
  private static final int MAX_CACHED_USERS = 10_000;
  /** Statuses of a getConnection that Wych may simply not offer (the operation is unverified). */
  private static final Set<Integer> GET_CONNECTION_UNSUPPORTED = Set.of(404, 405, 501);

  private final WychOptions options;
  private final Environment environment;
  private final Clock clock;
  private final UpstreamPath upstream;
  private final WychTokens tokens;
  private final UsersApi users;
  private final DataHoldersApi dataHolders;
  private final ConnectionsApi connections;
  private final CustomerDataApi customerData;
  private final WychUserEmail emails;
  private final SingleFlightCache<String, UUID> userIds;

  /** An adapter for the real Wych, on the system clock. */
  public WychAdapter(Vertx vertx, WebClient webClient, WychOptions options, UpstreamPolicy policy) {
    this(vertx, webClient, options, Environment.LIVE, policy, Clock.systemUTC());
  }

  /**
   * @param environment what the catalogue reports for this Wych's data holders: LIVE for real Wych,
   *     SANDBOX for the simulator
   * @param clock the time token lifetimes are measured on (the gateway's clock)
   */
  public WychAdapter(Vertx vertx, WebClient webClient, WychOptions options, Environment environment,
      UpstreamPolicy policy, Clock clock) {
    this(vertx, webClient, options, environment, policy, clock, GatewayMetrics.NONE);
  }

  /** @param metrics counts access tokens fetched and served from the cache */
  public WychAdapter(Vertx vertx, WebClient webClient, WychOptions options, Environment environment,
      UpstreamPolicy policy, Clock clock, GatewayMetrics metrics) {
    this.options = options;
    this.environment = environment;
    this.clock = clock;
    PooledApiClient api = new PooledApiClient(vertx, webClient, options.apiBaseUrl(), UpstreamResponses::handler);
    PooledApiClient login = new PooledApiClient(vertx, webClient, options.tokenServerBaseUrl(),
        UpstreamResponses::handler);
    this.upstream = new UpstreamPath(policy, new FailureClassifier(PROVIDER, "Wych", new WychErrorReader()));
    this.users = new UsersApiImpl(api);
    this.dataHolders = new DataHoldersApiImpl(api);
    this.connections = new ConnectionsApiImpl(api);
    this.customerData = new CustomerDataApiImpl(options.effectiveDataBaseUrl().equals(options.apiBaseUrl()) ? api
        : new PooledApiClient(vertx, webClient, options.effectiveDataBaseUrl(), UpstreamResponses::handler));
    this.tokens = new WychTokens(new AuthApiImpl(login), users, upstream, options, clock, metrics);
    this.emails = new WychUserEmail(options.userEmailDomain());
    this.userIds = new SingleFlightCache<>(clock, MAX_CACHED_USERS);
  }

  @Override
  public String id() {
    return PROVIDER;
  }

  @Override
  public Future<List<Institution>> listInstitutions() {
    return tokens.asService(UpstreamCall.read(PROVIDER, "listDataHolders"), dataHolders::listDataHolders)
        .map(ecosystems -> WychMapping.institutions(ecosystems.stream()
            .filter(Objects::nonNull)
            .map(Ecosystem::getDataHolders)
            .filter(Objects::nonNull)
            .flatMap(List::stream)
            .toList(), environment));
  }

  @Override
  public Future<ConsentStart> startConsent(ConsentRequest request) {
    // The callback URL is fixed per Wych app, so request.callbackUrl() cannot be passed on.
    String holderId = request.institution().providerInstitutionId();
    List<String> scopes = WychMapping.scopesFor(request.permissions());
    return dataHolderUuid(holderId)
        .compose(holder -> userId(request.userReference()).map(user -> new Connecting(user, holder)))
        .compose(connecting -> createConnection(connecting, scopes))
        .compose(journey -> authorize(journey, holderId));
  }

  @Override
  public Optional<String> correlationId(CallbackParams params) {
    return params.get(CONNECTION_PARAM);
  }

  @Override
  public boolean fixedCallbackUrl() {
    return true;
  }

  @Override
  public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params,
      String nextCallbackUrl) {
    // The callback's state is not trusted: anyone can forge the redirect. Wych is asked instead.
    return getConnection(consent)
        .map(WychMapping::consentState)
        .recover(e -> unsupportedGetConnection(e)
            ? Future.succeededFuture(callbackStateFallback(consent, params))
            : Future.failedFuture(e))
        .map(state -> {
          boolean rejected = state.status() == ConsentStatus.REJECTED;
          return new CallbackResult(state.status(), consent.providerConsentId(), null, null,
              rejected ? ACCESS_DENIED : null,
              rejected ? "The customer did not authorise the connection" : null,
              state.status() == ConsentStatus.AUTHORIZED ? clock.instant() : null,
              state.expiresAt(),
              Map.of());
        });
  }

  @Override
  public Future<ConsentState> readConsent(ProviderConsentRef consent) {
    return getConnection(consent)
        .map(WychMapping::consentState)
        // GET /connection/{id} is unverified (x-unverified): a 404 may mean the operation does not
        // exist, so it says nothing about the consent. The gateway keeps the last known status, stale.
        .recover(e -> isStatus(e, 404) ? Future.succeededFuture(ConsentState.unconfirmed())
            // The CDS RevokedConsent error: the data holder ended the consent.
            : isKind(e, Kind.CONSENT_INACTIVE) ? Future.succeededFuture(new ConsentState(ConsentStatus.REVOKED, null, null))
            : Future.failedFuture(e));
  }

  /**
   * DELETE /connection/{id} is unverified (x-unverified): a 404 may mean the operation does not
   * exist, so the connection may still be live at Wych. It stays a NOT_FOUND failure, which the port
   * defines as "revocation unconfirmed", never a success.
   */
  @Override
  public Future<Void> revokeConsent(ProviderConsentRef consent) {
    String holderId = consent.providerInstitutionId();
    return journey(consent)
        .compose(journey -> tokens.<Void>asUser(journey.user(),
            UpstreamCall.write(PROVIDER, holderId, "revokeConnection"),
            auth -> connections.revokeConnection(journey.connection(), auth)));
  }

  // ----------------------------------------------------------------- data

  @Override
  public Future<ProviderData<List<Account>>> listAccounts(ProviderConsentRef consent) {
    return read(consent, "listAccounts", journey -> auth -> customerData.listAccounts(journey.connection(), auth))
        .map(read -> read.as(read.data().stream()
            .filter(account -> account != null && account.getId() != null)
            // Whether Wych honours the connection filter is unverified: filter again.
            .filter(account -> account.getConnection() == null || account.getConnection().toString()
                .equals(consent.providerConsentId()))
            .map(WychDataMapper::account)
            .toList(), ConnectionDetail::getBANKACCOUNT));
  }

  @Override
  public Future<ProviderData<Account>> getAccount(ProviderConsentRef consent, String accountId) {
    return accountUuid(consent, accountId)
        .compose(id -> read(consent, "getAccount", journey -> auth -> customerData.getAccount(id, auth)))
        .compose(read -> {
          dev.consentgw.clients.wych.model.Account account = read.data();
          return account == null || account.getId() == null
                  || account.getDataholder() != null
                      && !account.getDataholder().toString().equals(consent.providerInstitutionId())
              ? Future.failedFuture(noSuchAccount(consent))
              : Future.succeededFuture(read.as(WychDataMapper.account(account), ConnectionDetail::getBANKACCOUNT));
        });
  }

  @Override
  public Future<ProviderData<List<Balance>>> listBalances(ProviderConsentRef consent, String accountId) {
    return accountUuid(consent, accountId)
        .compose(id -> read(consent, "listBalances", journey -> auth -> customerData.listBalances(id, auth)))
        .map(read -> read.as(WychDataMapper.balances(read.data().stream().filter(Objects::nonNull).toList()),
            ConnectionDetail::getBANKBALANCE));
  }

  /** Wych returns every extracted transaction as one array: the window and the cap apply here. */
  @Override
  public Future<ProviderData<List<Transaction>>> listTransactions(ProviderConsentRef consent, String accountId,
      TransactionWindow window) {
    return accountUuid(consent, accountId)
        .compose(id -> read(consent, "listTransactions", journey -> auth -> customerData.listTransactions(id, auth)))
        .map(read -> read.as(read.data().stream()
            .filter(Objects::nonNull)
            .map(WychDataMapper::transaction)
            .filter(Objects::nonNull)
            .filter(tx -> window.from() == null || !tx.bookedAt().isBefore(window.from()))
            .filter(tx -> window.before() == null || !tx.bookedAt().isAfter(window.before()))
            .sorted(Comparator.comparing(Transaction::bookedAt).reversed())
            .limit(window.max())
            .toList(), ConnectionDetail::getBANKTRANSACTION));
  }

  @Override
  public Future<ProviderData<Identity>> identity(ProviderConsentRef consent) {
    return read(consent, "getCustomer", journey -> customerData::getCustomer)
        .map(read -> read.as(WychDataMapper.identity(read.data()), ConnectionDetail::getUSERINFO));
  }

  /** What a Customer Data read returned, and the connection as Wych reported it just before (null if unreadable). */
  private record Read<T>(T data, Connection connection) {

    /** {@code data} mapped, with when Wych last refreshed {@code dataset} from the data holder. */
    <R> ProviderData<R> as(R mapped, Function<ConnectionDetail, DatasetState> dataset) {
      DatasetState state = connection == null || connection.getConnectionState() == null
          ? null : dataset.apply(connection.getConnectionState());
      return new ProviderData<>(mapped, state == null ? null : WychMapping.instant(state.getLastUpdated()));
    }
  }

  /**
   * One Customer Data read with the user's token, only for a connection Wych reports ACTIVE: data
   * of a connection that ended must not be served (CDR). When Wych cannot read connections (the
   * operation is unverified), the read goes ahead and Wych's own answer decides.
   */
  private <T> Future<Read<T>> read(ProviderConsentRef consent, String operation,
      Function<Journey, Function<dev.consentgw.clients.wych.invoker.ApiClient.AuthInfo, Future<T>>> action) {
    String holderId = consent.providerInstitutionId();
    return getConnection(consent)
        .compose(connection -> {
          ConsentStatus status = WychMapping.consentState(connection).status();
          return status == ConsentStatus.AUTHORIZED ? Future.succeededFuture(connection)
              : Future.<Connection>failedFuture(new ProviderFailure(new ProviderError(Kind.CONSENT_INACTIVE, PROVIDER,
                  null, 200, "Wych reports the connection as " + status.wireName() + ".")));
        })
        .recover(e -> unsupportedGetConnection(e) ? Future.succeededFuture(null) : Future.failedFuture(e))
        .compose(connection -> journey(consent)
            .compose(journey -> tokens.asUser(journey.user(), UpstreamCall.consentRead(PROVIDER, holderId, operation),
                action.apply(journey)))
            .map(data -> new Read<>(data, connection)));
  }

  private Future<UUID> accountUuid(ProviderConsentRef consent, String accountId) {
    try {
      return Future.succeededFuture(UUID.fromString(accountId));
    } catch (IllegalArgumentException malformed) {
      return Future.failedFuture(noSuchAccount(consent));
    }
  }

  private static ProviderFailure noSuchAccount(ProviderConsentRef consent) {
    return new ProviderFailure(new ProviderError(Kind.NOT_FOUND, PROVIDER, consent.providerInstitutionId(), 0,
        "The connection has no such account."));
  }

  /** A Wych user about to connect to a data holder. */
  private record Connecting(UUID user, UUID holder) {
  }

  /** A connection and the Wych user it belongs to. */
  private record Journey(UUID user, UUID connection) {
  }

  private Future<Journey> createConnection(Connecting connecting, List<String> scopes) {
    CreateConnectionRequest body = new CreateConnectionRequest()
        .app(options.appUuid())
        .dataholder(connecting.holder())
        .user(connecting.user())
        .scopes(scopes);
    UpstreamCall call = UpstreamCall.write(PROVIDER, connecting.holder().toString(), "createConnection");
    return tokens.asUser(connecting.user(), call, auth -> connections.createConnection(body, auth))
        .compose(created -> created.getId() == null
            ? Future.failedFuture(upstream.incomplete(call))
            : Future.succeededFuture(new Journey(connecting.user(), created.getId())));
  }

  private Future<ConsentStart> authorize(Journey journey, String holderId) {
    UpstreamCall call = UpstreamCall.write(PROVIDER, holderId, "authorizeConnection");
    return tokens.asUser(journey.user(), call, auth -> connections.authorizeConnection(journey.connection(), auth))
        .compose(authorize -> authorize.getUri() == null
            ? Future.failedFuture(upstream.incomplete(call))
            : Future.succeededFuture(new ConsentStart(journey.connection().toString(),
                ConsentStatus.AWAITING_AUTHORIZATION, authorize.getUri().toString(), null, null,
                Map.of(USER_ID, journey.user().toString()))));
  }

  /** The Wych user of a tenant-scoped user reference, found or created once and then cached. */
  private Future<UUID> userId(String userReference) {
    // Find-or-create by email returns the same user when repeated: safe to retry.
    UpstreamCall call = UpstreamCall.read(PROVIDER, "findOrCreateUser");
    return userIds.get(userReference, () -> tokens.asService(call,
            auth -> users.findOrCreateUser(options.partnerUuid(), options.appUuid(),
                new CreateUserRequest().email(emails.forReference(userReference)), auth))
        .compose(user -> user.getId() == null
            ? Future.failedFuture(upstream.incomplete(call))
            : Future.succeededFuture(new SingleFlightCache.Fresh<>(user.getId(), Instant.MAX))));
  }

  /** The Wych user recorded when the journey started; found again by reference if it is missing. */
  private Future<UUID> userIdOf(ProviderConsentRef consent) {
    String recorded = consent.providerState().get(USER_ID);
    if (recorded != null) {
      try {
        return Future.succeededFuture(UUID.fromString(recorded));
      } catch (IllegalArgumentException malformed) {
        LOG.warn("Ignoring a malformed Wych user id in the provider state of {}", consent);
      }
    }
    return userId(consent.userReference());
  }

  private Future<Connection> getConnection(ProviderConsentRef consent) {
    String holderId = consent.providerInstitutionId();
    return journey(consent)
        .compose(journey -> tokens.asUser(journey.user(),
            new UpstreamCall(PROVIDER, holderId, "getConnection", true),
            auth -> connections.getConnection(journey.connection(), auth)));
  }

  /** The connection of a stored consent, and its Wych user. */
  private Future<Journey> journey(ProviderConsentRef consent) {
    return connectionUuid(consent)
        .compose(connection -> userIdOf(consent).map(user -> new Journey(user, connection)));
  }

  private ConsentState callbackStateFallback(ProviderConsentRef consent, CallbackParams params) {
    LOG.warn("Wych cannot read connection {}: falling back to the unverified state of the callback", consent);
    return new ConsentState(WychMapping.status(params.get(STATE_PARAM).orElse(null)), null, null);
  }

  private static boolean unsupportedGetConnection(Throwable failure) {
    return failure instanceof ProviderFailure provider
        && GET_CONNECTION_UNSUPPORTED.contains(provider.error().upstreamStatus());
  }

  private static boolean isKind(Throwable failure, Kind kind) {
    return failure instanceof ProviderFailure provider && provider.error().kind() == kind;
  }

  private static boolean isStatus(Throwable failure, int status) {
    return failure instanceof ProviderFailure provider && provider.error().upstreamStatus() == status;
  }

  private Future<UUID> dataHolderUuid(String holderId) {
    return uuid(holderId, holderId, "Not a Wych data holder id");
  }

  private Future<UUID> connectionUuid(ProviderConsentRef consent) {
    return uuid(consent.providerConsentId(), consent.providerInstitutionId(), "Not a Wych connection id");
  }

  private static Future<UUID> uuid(String value, String holderId, String detail) {
    try {
      return Future.succeededFuture(UUID.fromString(value));
    } catch (IllegalArgumentException | NullPointerException malformed) {
      return Future.failedFuture(new ProviderFailure(
          new ProviderError(Kind.NOT_FOUND, PROVIDER, holderId, 0, detail)));
    }
  }
}
