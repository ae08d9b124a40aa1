package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.api.AuthorisationsApi;
import dev.consentgw.clients.yapily.api.AuthorisationsApiImpl;
import dev.consentgw.clients.yapily.api.ConsentsApi;
import dev.consentgw.clients.yapily.api.ConsentsApiImpl;
import dev.consentgw.clients.yapily.api.FinancialDataApi;
import dev.consentgw.clients.yapily.api.FinancialDataApiImpl;
import dev.consentgw.clients.yapily.api.InstitutionsApi;
import dev.consentgw.clients.yapily.api.InstitutionsApiImpl;
import dev.consentgw.clients.yapily.invoker.PooledApiClient;
import dev.consentgw.clients.yapily.model.AccountAuthorisationRequest;
import dev.consentgw.clients.yapily.model.AccountAuthorisationResponse;
import dev.consentgw.clients.yapily.model.AccountRequest;
import dev.consentgw.clients.yapily.model.AuthorisationStatus;
import dev.consentgw.clients.yapily.model.Consent;
import dev.consentgw.clients.yapily.model.DeleteStatusEnum;
import dev.consentgw.clients.yapily.model.ExtendConsentRequest;
import dev.consentgw.clients.yapily.model.FeatureEnum;
import dev.consentgw.clients.yapily.model.OneTimeTokenRequest;
import dev.consentgw.clients.yapily.model.PreAuthorisationRequest;
import dev.consentgw.clients.yapily.model.PreAuthorisationResponse;
import dev.consentgw.clients.yapily.model.SortEnum;
import dev.consentgw.gateway.provider.Account;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.Identity;
import dev.consentgw.gateway.provider.ProviderData;
import dev.consentgw.gateway.provider.Transaction;
import dev.consentgw.gateway.provider.TransactionWindow;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.FailureClassifier;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamPath;
import dev.consentgw.gateway.resilience.UpstreamPolicy;
import dev.consentgw.gateway.resilience.UpstreamResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The Yapily provider: institutions from {@code GET /institutions}, single-leg journeys through
 * {@code POST /account-auth-requests}, two-leg journeys (pre-authorisation, then
 * {@code PUT /account-auth-requests}) for institutions that need them. Every authorisation asks for a
 * one-time token, so the consent token reaches the gateway only through the back channel, never
 * through the user's browser.
 */
public final class YapilyAdapter implements ProviderAdapter {

  public static final String ID = "yapily";

  private static final String PRE_AUTHORISATION_SCOPE = "AIS";
  private static final String PARAM_ONE_TIME_TOKEN = "one-time-token";
  private static final String PARAM_CONSENT = "consent";
  private static final int BAD_REQUEST = 400;
  /** Yapily's largest transaction page. */
  private static final int TRANSACTION_PAGE = 1000;
  /** Yapily's time format for transaction filters, {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ}. */
  private static final DateTimeFormatter FILTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final UpstreamPath upstream;
  private final InstitutionsApi institutions;
  private final AuthorisationsApi authorisations;
  private final ConsentsApi consents;
  private final FinancialDataApi data;

  public YapilyAdapter(Vertx vertx, WebClient webClient, YapilyOptions options, UpstreamPolicy policy) {
    PooledApiClient client = new PooledApiClient(vertx, webClient, options.baseUrl(), UpstreamResponses::handler);
    client.setUsername(options.applicationId());
    client.setPassword(options.applicationSecret());
    this.upstream = new UpstreamPath(Objects.requireNonNull(policy, "policy"),
        new FailureClassifier(ID, "Yapily", new YapilyErrorReader()));
    this.institutions = new InstitutionsApiImpl(client);
    this.authorisations = new AuthorisationsApiImpl(client);
    this.consents = new ConsentsApiImpl(client);
    this.data = new FinancialDataApiImpl(client);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Future<List<Institution>> listInstitutions() {
    UpstreamCall call = UpstreamCall.read(ID, "getInstitutions");
    return upstream.call(call, () -> institutions.getInstitutions().map(envelope -> {
      if (envelope == null || envelope.getData() == null) {
        throw upstream.incomplete(call);
      }
      return envelope.getData().stream()
          .filter(institution -> institution != null && institution.getId() != null)
          .map(YapilyMapper::institution)
          .toList();
    }));
  }

  @Override
  public Future<ConsentStart> startConsent(ConsentRequest request) {
    Institution institution = request.institution();
    Set<FeatureEnum> features = YapilyMapper.featureScope(request.permissions(), YapilyMapper.offeredFeatures(institution));
    if (features.isEmpty()) {
      return Future.failedFuture(new ProviderFailure(new ProviderError(Kind.REJECTED, ID,
          institution.providerInstitutionId(), 0, "The institution offers none of the requested permissions.")));
    }
    boolean preAuthorisation = YapilyMapper.needsPreAuthorisation(institution);
    YapilyJourneyState journey = new YapilyJourneyState(
        preAuthorisation ? YapilyJourneyState.PRE_AUTHORISATION : YapilyJourneyState.AUTHORISATION,
        features, request.expiresAt(), request.transactionsFrom(), Set.copyOf(institution.countries()));
    return preAuthorisation ? preAuthorise(request, journey) : authorise(request, journey);
  }

  private Future<ConsentStart> authorise(ConsentRequest request, YapilyJourneyState journey) {
    String institutionId = request.institution().providerInstitutionId();
    AccountAuthorisationRequest body = accountAuthorisation(request.userReference(), institutionId,
        request.callbackUrl(), journey);
    UpstreamCall call = UpstreamCall.write(ID, institutionId, "initiateAccountRequest");
    return upstream.call(call, () -> authorisations.initiateAccountRequest(body, null, null, null, null)
        .map(envelope -> {
          AccountAuthorisationResponse data = required(envelope == null ? null : envelope.getData(), call);
          return new ConsentStart(required(data.getId(), call).toString(), YapilyMapper.status(data.getStatus()),
              required(data.getAuthorisationUrl(), call), data.getQrCodeUrl(),
              YapilyMapper.instant(data.getExpiresAt()), journey.toMap());
        }));
  }

  private Future<ConsentStart> preAuthorise(ConsentRequest request, YapilyJourneyState journey) {
    String institutionId = request.institution().providerInstitutionId();
    PreAuthorisationRequest body = new PreAuthorisationRequest()
        .applicationUserId(request.userReference())
        .institutionId(institutionId)
        .scope(PRE_AUTHORISATION_SCOPE)
        .callback(request.callbackUrl())
        .oneTimeToken(true)
        .forwardParameters(YapilyCallbacks.forwardParameters(request.callbackUrl()));
    UpstreamCall call = UpstreamCall.write(ID, institutionId, "createPreAuthorisationRequest");
    return upstream.call(call, () -> authorisations.createPreAuthorisationRequest(body, null, null, null, null)
        .map(envelope -> {
          PreAuthorisationResponse data = required(envelope == null ? null : envelope.getData(), call);
          return new ConsentStart(required(data.getId(), call).toString(), YapilyMapper.status(data.getStatus()),
              required(data.getAuthorisationUrl(), call), data.getQrCodeUrl(),
              YapilyMapper.instant(data.getExpiresAt()), journey.toMap());
        }));
  }

  @Override
  public Future<CallbackResult> completeCallback(ProviderConsentRef ref, CallbackParams params, String nextCallbackUrl) {
    if (params.get("error").isPresent() || params.get("error-source").isPresent()) {
      return Future.succeededFuture(YapilyMapper.callbackError(ref, params));
    }
    if (params.repeated(PARAM_CONSENT) || params.repeated(PARAM_ONE_TIME_TOKEN)) {
      // Yapily's multiple-consents return: the gateway runs one consent per journey and keeps none of them.
      return Future.succeededFuture(YapilyMapper.severalConsents(ref));
    }
    YapilyJourneyState journey = YapilyJourneyState.from(ref.providerState());
    Optional<String> oneTimeToken = params.get(PARAM_ONE_TIME_TOKEN);
    if (oneTimeToken.isEmpty()) {
      // The gateway always asks Yapily for a one-time token, so a consent token in the browser's URL
      // is not Yapily's answer: whoever chose it must not get it stored. The journey fails.
      return Future.succeededFuture(params.get(PARAM_CONSENT).isPresent()
          ? YapilyMapper.unexpectedCallback(ref) : YapilyMapper.emptyCallback(ref));
    }
    return exchange(ref, oneTimeToken.get()).compose(found -> {
      if (journey.reauthorisation() && !ref.providerConsentId().equals(String.valueOf(found.getId()))) {
        // A renewal completes its own consent; a token for any other consent is not this journey's answer.
        return Future.succeededFuture(YapilyMapper.foreignConsent(ref));
      }
      String token = found.getConsentToken();
      boolean ended = YapilyMapper.status(found.getStatus()).isTerminal();
      if (journey.preAuthorisation() && !ended) {
        return continueAfterPreAuthorisation(ref, journey, token, nextCallbackUrl);
      }
      return Future.succeededFuture(completed(ref, found, token, journey));
    });
  }

  private Future<Consent> exchange(ProviderConsentRef ref, String oneTimeToken) {
    OneTimeTokenRequest body = new OneTimeTokenRequest().oneTimeToken(oneTimeToken);
    UpstreamCall call = UpstreamCall.write(ID, ref.providerInstitutionId(), "getConsentBySingleAccessConsent");
    return upstream.call(call, () -> consents.getConsentBySingleAccessConsent(body).map(consent -> {
      required(consent, call);
      required(consent.getConsentToken(), call);
      return consent;
    }));
  }

  private Future<CallbackResult> continueAfterPreAuthorisation(ProviderConsentRef ref, YapilyJourneyState journey,
      String consentToken, String nextCallbackUrl) {
    if (nextCallbackUrl == null) {
      return Future.failedFuture(new IllegalArgumentException("the pre-authorisation leg needs a next callback URL"));
    }
    YapilyJourneyState next = journey.withLeg(YapilyJourneyState.AUTHORISATION);
    AccountAuthorisationRequest body = accountAuthorisation(ref.userReference(), ref.providerInstitutionId(),
        nextCallbackUrl, next);
    UpstreamCall call = UpstreamCall.write(ID, ref.providerInstitutionId(), "updatePreAuthoriseAccountConsent");
    return upstream.call(call, () -> authorisations.updatePreAuthoriseAccountConsent(consentToken, body, null, null, null, null)
        .map(envelope -> {
          AccountAuthorisationResponse data = required(envelope == null ? null : envelope.getData(), call);
          String consentId = required(data.getId(), call).toString();
          if (data.getAuthorisationUrl() == null && data.getStatus() == AuthorisationStatus.AWAITING_DECOUPLED_AUTHORIZATION) {
            // Decoupled: the user approves in the banking app; no page to send the browser to, and the
            // consent's status is then read from Yapily until it is final.
            return new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, consentId, null, null, null, null, null,
                YapilyMapper.instant(data.getExpiresAt()), next.toMap());
          }
          return new CallbackResult(YapilyMapper.status(data.getStatus()), consentId,
              null, required(data.getAuthorisationUrl(), call), null, null, null,
              YapilyMapper.instant(data.getExpiresAt()), next.toMap());
        }));
  }

  private static CallbackResult completed(ProviderConsentRef ref, Consent consent, String consentToken,
      YapilyJourneyState journey) {
    ConsentStatus status = YapilyMapper.consentStatus(consent.getStatus(), consent.getIsDeletedByInstitution());
    String consentId = consent.getId() != null ? consent.getId().toString() : ref.providerConsentId();
    // The token of a consent that ended grants nothing; the gateway need not keep it.
    return new CallbackResult(status, consentId, status.isTerminal() ? null : consentToken, null,
        YapilyMapper.errorCode(status), null,
        YapilyMapper.instant(consent.getAuthorizedAt()), YapilyMapper.instant(consent.getExpiresAt()),
        journey.withLeg(YapilyJourneyState.AUTHORISATION).toMap());
  }

  @Override
  public Future<ConsentState> readConsent(ProviderConsentRef ref) {
    Optional<UUID> id = consentId(ref);
    if (id.isEmpty()) {
      return Future.succeededFuture(new ConsentState(ConsentStatus.REVOKED, null, null));
    }
    UpstreamCall call = new UpstreamCall(ID, ref.providerInstitutionId(), "getConsentById", true);
    return upstream.call(call,
        () -> consents.getConsentById(id.get()).map(envelope -> {
          Consent consent = required(envelope == null ? null : envelope.getData(), call);
          ConsentState state = YapilyMapper.consentState(consent);
          // Only a consent approved outside the browser (decoupled) reaches AUTHORIZED without a token.
          boolean tokenHandedOver = ref.consentToken() == null && state.status() == ConsentStatus.AUTHORIZED
              && consent.getConsentToken() != null;
          return tokenHandedOver ? state.withConsentToken(consent.getConsentToken()) : state;
        }),
        YapilyAdapter::goneConsent);
  }

  /**
   * A consent Yapily no longer knows was deleted (revoked); one it answers 403 for is, in Yapily's
   * words, "no longer valid" — expired at the bank. Both are answers about the consent, not failures.
   */
  private static Future<ConsentState> goneConsent(ProviderFailure failure) {
    ProviderError error = failure.error();
    if (error.kind() == Kind.NOT_FOUND) {
      return Future.succeededFuture(new ConsentState(ConsentStatus.REVOKED, null, null));
    }
    if (error.kind() == Kind.REJECTED && error.upstreamStatus() == 403) {
      return Future.succeededFuture(new ConsentState(ConsentStatus.EXPIRED, null, null));
    }
    return Future.failedFuture(failure);
  }

  @Override
  public Future<ConsentStart> reauthoriseConsent(ProviderConsentRef ref) {
    if (ref.consentToken() == null || consentId(ref).isEmpty()) {
      return Future.failedFuture(new ProviderFailure(new ProviderError(Kind.CONSENT_INACTIVE, ID, null, 0,
          "The gateway holds no Yapily consent token for this consent.")));
    }
    YapilyJourneyState journey = YapilyJourneyState.from(ref.providerState());
    UpstreamCall call = new UpstreamCall(ID, ref.providerInstitutionId(), "reAuthoriseAccount", false, true);
    return upstream.<ConsentStart>call(call,
        () -> authorisations.reAuthoriseAccount(ref.consentToken(), null, null, null, null).map(envelope -> {
          AccountAuthorisationResponse data = required(envelope == null ? null : envelope.getData(), call);
          return new ConsentStart(ref.providerConsentId(), ConsentStatus.AUTHORIZED,
              required(data.getAuthorisationUrl(), call), data.getQrCodeUrl(), null,
              journey.withLeg(YapilyJourneyState.REAUTHORISATION).toMap());
        }))
        .recover(failure -> Future.failedFuture(refusedAsUnsupported(failure, "a renewal of this consent")));
  }

  @Override
  public Future<ConsentReconfirmation> reconfirmConsent(ProviderConsentRef ref, Instant confirmedAt) {
    Optional<UUID> id = consentId(ref);
    if (id.isEmpty() || !YapilyJourneyState.from(ref.providerState()).mayBeUk()) {
      return Future.failedFuture(new ProviderFailure(new ProviderError(Kind.UNSUPPORTED, ID,
          ref.providerInstitutionId(), 0, "Only consents at UK banks take reconfirmations.")));
    }
    ExtendConsentRequest body = new ExtendConsentRequest().lastConfirmedAt(confirmedAt.atOffset(ZoneOffset.UTC));
    UpstreamCall call = UpstreamCall.write(ID, ref.providerInstitutionId(), "extendConsent");
    return upstream.<ConsentReconfirmation>call(call, () -> consents.extendConsent(id.get(), body).map(envelope -> {
          Consent consent = required(envelope == null ? null : envelope.getData(), call);
          Instant last = YapilyMapper.instant(consent.getLastConfirmedAt());
          return new ConsentReconfirmation(last != null ? last : confirmedAt, YapilyMapper.instant(consent.getReconfirmBy()));
        }))
        .recover(failure -> Future.failedFuture(refusedAsUnsupported(failure, "a reconfirmation of this consent")));
  }

  /**
   * Yapily answers 400 (and the newer 422-style issues) when the consent's kind, status or bank does
   * not allow the operation: an answer about this consent, not a failure of Yapily.
   */
  private static Throwable refusedAsUnsupported(Throwable failure, String what) {
    if (failure instanceof ProviderFailure provider && (provider.error().kind() == Kind.REJECTED
        // The bank's own refusal, relayed by Yapily as a bad request.
        || provider.error().kind() == Kind.INSTITUTION_UNAVAILABLE && provider.error().upstreamStatus() == BAD_REQUEST)) {
      return new ProviderFailure(new ProviderError(Kind.UNSUPPORTED, ID, provider.error().institutionId(),
          provider.error().upstreamStatus(), "Yapily or the bank does not accept " + what + "."));
    }
    return failure;
  }

  @Override
  public Future<Void> revokeConsent(ProviderConsentRef ref) {
    Optional<UUID> id = consentId(ref);
    if (id.isEmpty()) {
      return Future.succeededFuture();
    }
    UpstreamCall call = UpstreamCall.write(ID, ref.providerInstitutionId(), "delete");
    return upstream.call(call,
        () -> consents.delete(id.get(), true).<Void>map(envelope -> {
          if (envelope != null && envelope.getData() != null
              && envelope.getData().getDeleteStatus() == DeleteStatusEnum.FAILED) {
            throw new ProviderFailure(new ProviderError(Kind.UNAVAILABLE, ID, null, 200,
                "Yapily could not delete the consent (delete)."));
          }
          return null;
        }),
        failure -> failure.error().kind() == Kind.NOT_FOUND ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  // ----------------------------------------------------------------- data

  @Override
  public Future<ProviderData<List<Account>>> listAccounts(ProviderConsentRef ref) {
    UpstreamCall call = UpstreamCall.consentRead(ID, ref.providerInstitutionId(), "getAccounts");
    return upstream.call(call, () -> data.getAccounts(consentToken(ref), null, null, null, null).map(envelope -> {
      if (envelope == null || envelope.getData() == null) {
        throw upstream.incomplete(call);
      }
      return ProviderData.live(envelope.getData().stream()
          .filter(account -> account != null && account.getId() != null)
          .map(YapilyDataMapper::account)
          .toList());
    }));
  }

  @Override
  public Future<ProviderData<Account>> getAccount(ProviderConsentRef ref, String accountId) {
    UpstreamCall call = UpstreamCall.consentRead(ID, ref.providerInstitutionId(), "getAccount");
    return upstream.call(call, () -> data.getAccount(accountId, consentToken(ref), null, null, null, null)
        .map(envelope -> {
          dev.consentgw.clients.yapily.model.Account account = required(envelope == null ? null : envelope.getData(), call);
          return ProviderData.live(YapilyDataMapper.account(account));
        }));
  }

  @Override
  public Future<ProviderData<List<Balance>>> listBalances(ProviderConsentRef ref, String accountId) {
    UpstreamCall call = UpstreamCall.consentRead(ID, ref.providerInstitutionId(), "getAccountBalances");
    return upstream.call(call, () -> data.getAccountBalances(accountId, consentToken(ref), null, null, null, null)
        .map(envelope -> ProviderData.live(
            YapilyDataMapper.balances(required(envelope == null ? null : envelope.getData(), call).getBalances()))));
  }

  @Override
  public Future<ProviderData<List<Transaction>>> listTransactions(ProviderConsentRef ref, String accountId,
      TransactionWindow window) {
    return transactionPages(ref, accountId, window, 0, new ArrayList<>()).map(ProviderData::live);
  }

  /** Yapily pages by offset, at most 1000 a page: read on while more exist and the window's cap allows. */
  private Future<List<Transaction>> transactionPages(ProviderConsentRef ref, String accountId, TransactionWindow window,
      int offset, List<Transaction> collected) {
    UpstreamCall call = UpstreamCall.consentRead(ID, ref.providerInstitutionId(), "getTransactions");
    int limit = Math.min(TRANSACTION_PAGE, window.max() - collected.size());
    return upstream.call(call, () -> data.getTransactions(accountId, consentToken(ref), null, null, null, null,
            filterTime(window.from()), filterTime(window.before()), limit, SortEnum._DATE, offset)
        .map(envelope -> {
          required(envelope == null ? null : envelope.getData(), call);
          return envelope;
        }))
        .compose(envelope -> {
          List<dev.consentgw.clients.yapily.model.Transaction> page = envelope.getData();
          page.stream().filter(Objects::nonNull).map(YapilyDataMapper::transaction).filter(Objects::nonNull)
              .forEach(collected::add);
          Long total = envelope.getMeta() == null || envelope.getMeta().getPagination() == null
              ? null : envelope.getMeta().getPagination().getTotalCount();
          int next = offset + page.size();
          boolean more = !page.isEmpty() && total != null && next < total && collected.size() < window.max();
          return more ? transactionPages(ref, accountId, window, next, collected) : Future.succeededFuture(collected);
        });
  }

  @Override
  public Future<ProviderData<Identity>> identity(ProviderConsentRef ref) {
    UpstreamCall call = UpstreamCall.consentRead(ID, ref.providerInstitutionId(), "getIdentity");
    return upstream.call(call, () -> data.getIdentity(consentToken(ref), null)
        .map(envelope -> ProviderData.live(
            YapilyDataMapper.identity(required(envelope == null ? null : envelope.getData(), call)))));
  }

  /** Data calls need the consent token; a consent without one (never authorised) grants nothing. */
  private static String consentToken(ProviderConsentRef ref) {
    if (ref.consentToken() == null) {
      throw new ProviderFailure(new ProviderError(Kind.CONSENT_INACTIVE, ID, null, 0,
          "The gateway holds no Yapily consent token for this consent."));
    }
    return ref.consentToken();
  }

  private static String filterTime(Instant instant) {
    return instant == null ? null : FILTER_TIME.format(instant);
  }

  // ----------------------------------------------------------------- helpers

  private static AccountAuthorisationRequest accountAuthorisation(String userReference, String institutionId,
      String callbackUrl, YapilyJourneyState journey) {
    AccountRequest accountRequest = new AccountRequest()
        .featureScope(new LinkedHashSet<>(journey.features()))
        .expiresAt(journey.expiresAt() == null ? null : journey.expiresAt().atOffset(ZoneOffset.UTC))
        .transactionFrom(startOfDay(journey.transactionsFrom()));
    return new AccountAuthorisationRequest()
        .applicationUserId(userReference)
        .institutionId(institutionId)
        .callback(callbackUrl)
        .oneTimeToken(true)
        .forwardParameters(YapilyCallbacks.forwardParameters(callbackUrl))
        .accountRequest(accountRequest);
  }

  private static OffsetDateTime startOfDay(LocalDate date) {
    return date == null ? null : date.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** Yapily consent ids are UUIDs; a consent with any other id cannot exist there. */
  private static Optional<UUID> consentId(ProviderConsentRef ref) {
    try {
      return Optional.of(UUID.fromString(ref.providerConsentId()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private <T> T required(T value, UpstreamCall call) {
    if (value == null) {
      throw upstream.incomplete(call);
    }
    return value;
  }
}
