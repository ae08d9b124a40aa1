package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.api.AuthorisationsApi;
import dev.consentgw.clients.yapily.api.AuthorisationsApiImpl;
import dev.consentgw.clients.yapily.api.ConsentsApi;
import dev.consentgw.clients.yapily.api.ConsentsApiImpl;
import dev.consentgw.clients.yapily.api.InstitutionsApi;
import dev.consentgw.clients.yapily.api.InstitutionsApiImpl;
import dev.consentgw.clients.yapily.invoker.PooledApiClient;
import dev.consentgw.clients.yapily.model.AccountAuthorisationRequest;
import dev.consentgw.clients.yapily.model.AccountAuthorisationResponse;
import dev.consentgw.clients.yapily.model.AccountRequest;
import dev.consentgw.clients.yapily.model.Consent;
import dev.consentgw.clients.yapily.model.DeleteStatusEnum;
import dev.consentgw.clients.yapily.model.FeatureEnum;
import dev.consentgw.clients.yapily.model.OneTimeTokenRequest;
import dev.consentgw.clients.yapily.model.PreAuthorisationRequest;
import dev.consentgw.clients.yapily.model.PreAuthorisationResponse;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
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

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  private final UpstreamPath upstream;
  private final InstitutionsApi institutions;
  private final AuthorisationsApi authorisations;
  private final ConsentsApi consents;

  public YapilyAdapter(Vertx vertx, WebClient webClient, YapilyOptions options, UpstreamPolicy policy) {
    PooledApiClient client = new PooledApiClient(vertx, webClient, options.baseUrl(), UpstreamResponses::handler);
    client.setUsername(options.applicationId());
    client.setPassword(options.applicationSecret());
    this.upstream = new UpstreamPath(Objects.requireNonNull(policy, "policy"),
        new FailureClassifier(ID, "Yapily", new YapilyErrorReader()));
    this.institutions = new InstitutionsApiImpl(client);
    this.authorisations = new AuthorisationsApiImpl(client);
    this.consents = new ConsentsApiImpl(client);
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
        features, request.expiresAt(), request.transactionsFrom());
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
        .forwardParameters(null);
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
    YapilyJourneyState journey = YapilyJourneyState.from(ref.providerState());
    Optional<String> oneTimeToken = params.get(PARAM_ONE_TIME_TOKEN);
    if (oneTimeToken.isEmpty()) {
      // The gateway always asks Yapily for a one-time token, so a consent token in the browser's URL
      // is not Yapily's answer: whoever chose it must not get it stored. The journey fails.
      return Future.succeededFuture(params.get(PARAM_CONSENT).isPresent()
          ? YapilyMapper.unexpectedCallback(ref) : YapilyMapper.emptyCallback(ref));
    }
    return exchange(ref, oneTimeToken.get()).compose(found -> {
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
          return new CallbackResult(YapilyMapper.status(data.getStatus()), required(data.getId(), call).toString(),
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
          return new ConsentState(YapilyMapper.consentStatus(consent.getStatus(), consent.getIsDeletedByInstitution()),
              YapilyMapper.instant(consent.getAuthorizedAt()), YapilyMapper.instant(consent.getExpiresAt()));
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
        .forwardParameters(null)
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
