package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.catalogue.CatalogueStatus;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.http.Urls;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.InstitutionId;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The consent journey, provider-neutral: starts journeys, refreshes and revokes consents, and
 * completes the browser's return from the provider. It checks everything that can be checked
 * before going upstream (tenant rights, redirect allow-list, institution, permissions), so that a
 * request that cannot succeed never reaches a provider.
 */
public final class ConsentJourneys {

  private static final Logger LOG = LoggerFactory.getLogger(ConsentJourneys.class);
  private static final String CONSENT_ID_PREFIX = "cns_";
  private static final int CONSENT_ID_RANDOM_BYTES = 16;
  /** The consent error recorded when a journey link is used after it expired (see ConsentError in the contract). */
  private static final String JOURNEY_EXPIRED_CODE = "journey_expired";
  /** Where the browser enters a journey bound to it (see {@link #enterJourney}). */
  private static final String JOURNEY_ENTRY_PATH = "/v1/journeys/";
  private static final String CALLBACK_PATH = "/v1/callbacks/";
  /** The redirect's error when a renewal's return neither renewed the consent nor said why. */
  private static final String RENEWAL_NOT_COMPLETED_CODE = "provider_error";

  private final Map<String, ProviderAdapter> adapters;
  private final InstitutionCatalogue catalogue;
  private final ConsentStore store;
  private final JourneyTokens tokens;
  private final SecretBox secrets;
  private final JourneyBinding binding;
  private final JourneyOptions options;
  private final String publicBaseUrl;
  private final Clock clock;

  /**
   * @param binding binds journeys of providers with a fixed callback URL to the browser that entered them
   * @param publicBaseUrl the gateway's externally reachable base URL; callback URLs are built from it
   */
  public ConsentJourneys(Map<String, ProviderAdapter> adapters, InstitutionCatalogue catalogue, ConsentStore store,
      JourneyTokens tokens, SecretBox secrets, JourneyBinding binding, JourneyOptions options, String publicBaseUrl,
      Clock clock) {
    this.adapters = Map.copyOf(adapters);
    this.catalogue = catalogue;
    this.store = store;
    this.tokens = tokens;
    this.secrets = secrets;
    this.binding = binding;
    this.options = options;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
  }

  /** Starts a journey at the institution's provider and registers the new consent. */
  public Future<ConsentView> create(Tenant tenant, NewConsent request) {
    return create(tenant, request, newConsentId());
  }

  /** A fresh gateway consent id (opaque, URL-safe), for callers that must know it before the journey starts. */
  public String newConsentId() {
    return CONSENT_ID_PREFIX + tokens.randomId(CONSENT_ID_RANDOM_BYTES);
  }

  /** Starts a journey whose consent gets the id {@code consentId} (from {@link #newConsentId()}). */
  public Future<ConsentView> create(Tenant tenant, NewConsent request, String consentId) {
    Instant now = clock.instant();
    Optional<InstitutionId> institutionId = InstitutionId.parse(request.institutionId());
    if (institutionId.isEmpty()) {
      return fail(Reason.INSTITUTION_NOT_FOUND, "No institution with id '" + request.institutionId() + "'.", null);
    }
    String provider = institutionId.get().provider();
    ProviderAdapter adapter = adapters.get(provider);
    if (adapter == null || !tenant.allowsProvider(provider)) {
      return fail(Reason.PROVIDER_NOT_ENABLED, "Provider '" + provider + "' is not enabled for your tenant.", provider);
    }
    if (!tenant.allowsRedirect(request.redirectUrl())) {
      return Future.failedFuture(new JourneyFailure(Reason.REDIRECT_URL_NOT_ALLOWED,
          "redirectUrl is not one of your tenant's registered redirect URLs (exact match required): "
              + String.join(", ", new TreeSet<>(tenant.redirectUrls()))
              + ". The gateway's operator registers them under tenants[].redirectUrls in the gateway's"
              + " configuration file.", null,
          List.of("/redirectUrl")));
    }
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      return Future.failedFuture(new JourneyFailure(Reason.INVALID_INPUT, "expiresAt must be in the future.", null,
          List.of("/expiresAt")));
    }
    if (request.transactionsFrom() != null && request.transactionsFrom().isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
      return Future.failedFuture(new JourneyFailure(Reason.INVALID_INPUT, "transactionsFrom must not be in the future.",
          null, List.of("/transactionsFrom")));
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String name : request.permissions()) {
      Optional<Permission> known = Permission.fromWireName(name);
      if (known.isEmpty()) {
        return fail(Reason.PERMISSION_NOT_SUPPORTED, "Permission '" + name + "' is not supported. Valid permissions: "
            + Permission.wireNames() + " (each must also be offered by the institution: see its permissions in"
            + " GET /v1/institutions).", provider);
      }
      permissions.add(known.get());
    }
    return catalogue.provider(provider).compose(part -> {
      Optional<Institution> found = part.find(institutionId.get().providerInstitutionId());
      if (found.isEmpty()) {
        if (part.status() == CatalogueStatus.UNAVAILABLE) {
          return Future.failedFuture(part.failure());
        }
        return fail(Reason.INSTITUTION_NOT_FOUND, "No institution with id '" + request.institutionId() + "'.", provider);
      }
      Institution institution = found.get();
      if (!institution.connectable()) {
        return fail(Reason.INSTITUTION_NOT_CONNECTABLE,
            institution.name() + " does not accept new consents at the moment.", provider);
      }
      Set<Permission> missing = EnumSet.copyOf(permissions);
      missing.removeAll(institution.permissions());
      if (!missing.isEmpty()) {
        return fail(Reason.PERMISSION_NOT_SUPPORTED, institution.name() + " does not offer: "
            + missing.stream().map(Permission::wireName).sorted().collect(Collectors.joining(", ")) + ".", provider);
      }
      return start(adapter, tenant, request, institution, permissions, consentId, now);
    });
  }

  private Future<ConsentView> start(ProviderAdapter adapter, Tenant tenant, NewConsent request, Institution institution,
      Set<Permission> permissions, String consentId, Instant now) {
    JourneyTokens.Minted journey = tokens.mint();
    ConsentRequest upstream = new ConsentRequest(institution, tenant.scopedUserReference(request.userReference()),
        permissions, callbackUrl(adapter.id(), journey.token()), request.expiresAt(), request.transactionsFrom());
    return adapter.startConsent(upstream).compose(started -> {
      ConsentRecord record = newRecord(consentId, tenant, request, institution, permissions, started, journey, now);
      LOG.info("consent {} started at {} ({}) for tenant {}", consentId, institution.id(), started.status(), tenant.id());
      return store.insert(record).map(v -> view(record, false));
    });
  }

  private ConsentRecord newRecord(String consentId, Tenant tenant, NewConsent request, Institution institution,
      Set<Permission> permissions, ConsentStart started, JourneyTokens.Minted journey, Instant now) {
    return ConsentRecord.builder()
        .id(consentId)
        .tenantId(tenant.id())
        .provider(institution.provider())
        .institutionId(institution.id())
        .providerInstitutionId(institution.providerInstitutionId())
        .userReference(request.userReference())
        .permissions(permissions)
        .status(started.status())
        .createdAt(now)
        .updatedAt(now)
        .expiresAt(started.expiresAt() != null ? started.expiresAt() : request.expiresAt())
        .providerConsentId(started.providerConsentId())
        .providerState(started.providerState())
        .authorisationUrl(started.authorisationUrl())
        .qrCodeUrl(started.qrCodeUrl())
        .redirectUrl(request.redirectUrl())
        .state(request.state())
        .journeyTokenHash(journey.hash())
        .journeyExpiresAt(now.plus(options.tokenLifetime()))
        .statusCheckedAt(now)
        // The background tracker takes over from here (lifecycle.*): first look soon after the start.
        .nextRefreshAt(started.status().isTerminal() ? null : now.plus(options.statusRefreshInterval()))
        .build();
  }

  /** The tenant's consent, its status refreshed from the provider while it is not final. */
  public Future<ConsentView> get(Tenant tenant, String consentId) {
    return owned(tenant, consentId).compose(this::withoutAbandonedRenewal).compose(record -> {
      Instant now = clock.instant();
      boolean recentlyChecked = record.statusCheckedAt() != null
          && record.statusCheckedAt().plus(options.statusRefreshInterval()).isAfter(now);
      if (record.status().isTerminal() || recentlyChecked) {
        return Future.succeededFuture(view(record, false));
      }
      return adapters.get(record.provider()).readConsent(ref(record))
          .compose(state -> {
            // A consent approved in the banking app (decoupled) hands its token over on this read.
            String sealed = state.consentToken() == null ? null : secrets.seal(state.consentToken(), record.id());
            return store.update(record.id(), r -> (sealed == null ? r : r.withProviderResult(null, Map.of(), sealed))
                .withProviderState(state, clock.instant()));
          })
          .map(updated -> view(updated.orElse(record), false))
          .recover(e -> {
            if (e instanceof ProviderFailure failure) {
              LOG.warn("status of consent {} not refreshed: {}", record.id(), failure.getMessage());
              return Future.succeededFuture(view(record, true));
            }
            return Future.failedFuture(e);
          });
    });
  }

  /** Revokes the tenant's consent at its provider; a consent that already ended needs no call. */
  public Future<Void> revoke(Tenant tenant, String consentId) {
    return owned(tenant, consentId).compose(record -> {
      if (record.status().isTerminal()) {
        return Future.succeededFuture();
      }
      return adapters.get(record.provider()).revokeConsent(ref(record))
          .recover(e -> isNotFound(e)
              ? fail(Reason.REVOCATION_UNCONFIRMED, ((ProviderFailure) e).error().detail() + " The revocation is unconfirmed: the consent"
                  + " may still be active at the provider. Ask the user to revoke it in the provider's or the"
                  + " bank's portal.", record.provider())
              : Future.failedFuture(e))
          .compose(v -> store.update(record.id(),
              r -> r.withStatus(ConsentStatus.REVOKED, clock.instant(), null, null).withJourneyUsed()
                  .withNextRefreshAt(null)))
          .onSuccess(v -> LOG.info("consent {} revoked by tenant {}", consentId, tenant.id()))
          .mapEmpty();
    });
  }

  /**
   * Starts a renewal of the tenant's authorised consent at its bank. The consent stays authorised
   * meanwhile; the user's return completes the renewal through {@link #completeCallback}.
   */
  public Future<ConsentView> reauthorise(Tenant tenant, String consentId, String redirectUrl, String state) {
    if (!tenant.allowsRedirect(redirectUrl)) {
      return Future.failedFuture(new JourneyFailure(Reason.REDIRECT_URL_NOT_ALLOWED,
          "redirectUrl is not one of your tenant's registered redirect URLs (exact match required): "
              + String.join(", ", new TreeSet<>(tenant.redirectUrls())) + ".", null, List.of("/redirectUrl")));
    }
    return owned(tenant, consentId).compose(record -> {
      if (record.status() != ConsentStatus.AUTHORIZED) {
        return fail(Reason.CONSENT_NOT_ACTIVE, "The consent is " + record.status().wireName()
            + "; only an authorized consent can be renewed. Start a new consent instead.", record.provider());
      }
      return adapters.get(record.provider()).reauthoriseConsent(ref(record))
          .recover(e -> Future.failedFuture(unsupported(e, Reason.REAUTHORISATION_NOT_SUPPORTED,
              "This consent cannot be renewed at its bank; create a new consent instead.")))
          .compose(started -> {
            Instant now = clock.instant();
            return store.update(record.id(), r -> r.withReauthorisationStarted(started.authorisationUrl(),
                started.qrCodeUrl(), started.providerState(), redirectUrl, state, now.plus(options.tokenLifetime()),
                now));
          })
          .map(updated -> {
            LOG.info("consent {} renewal started by tenant {}", consentId, tenant.id());
            return view(updated.orElse(record), false);
          });
    });
  }

  /**
   * Reports to the provider that the user reconfirmed the tenant's authorised consent at
   * {@code confirmedAt} (now when null); the provider's new reconfirmation deadline comes back.
   */
  public Future<ConsentReconfirmation> reconfirm(Tenant tenant, String consentId, Instant confirmedAt) {
    Instant now = clock.instant();
    if (confirmedAt != null && confirmedAt.isAfter(now)) {
      return Future.failedFuture(new JourneyFailure(Reason.INVALID_INPUT, "confirmedAt must not be in the future.",
          null, List.of("/confirmedAt")));
    }
    return owned(tenant, consentId).compose(record -> {
      if (record.status() != ConsentStatus.AUTHORIZED) {
        return fail(Reason.CONSENT_NOT_ACTIVE, "The consent is " + record.status().wireName()
            + "; only an authorized consent can be reconfirmed.", record.provider());
      }
      return adapters.get(record.provider()).reconfirmConsent(ref(record), confirmedAt != null ? confirmedAt : now)
          .recover(e -> Future.failedFuture(unsupported(e, Reason.RECONFIRMATION_NOT_SUPPORTED,
              "Only consents at UK banks take reconfirmations.")))
          // Committed before the answer: the consent shows the new deadline from now on.
          .compose(done -> store.update(record.id(), r -> r.withConfirmation(done.lastConfirmedAt(), done.reconfirmBy()))
              .map(done))
          .onSuccess(done -> LOG.info("consent {} reconfirmed by tenant {}", consentId, tenant.id()));
    });
  }

  /** A provider's "not offered" as the journey's refusal with {@code reason}; other failures unchanged. */
  private static Throwable unsupported(Throwable failure, Reason reason, String detail) {
    if (failure instanceof ProviderFailure provider && provider.error().kind() == ProviderError.Kind.UNSUPPORTED) {
      return new JourneyFailure(reason, detail, provider.error().provider(), List.of());
    }
    return failure;
  }

  /** A renewal whose journey link expired unused is over: the consent shows no renewal any more. */
  private Future<ConsentRecord> withoutAbandonedRenewal(ConsentRecord record) {
    Instant now = clock.instant();
    if (!record.reauthorisationAbandoned(now)) {
      return Future.succeededFuture(record);
    }
    return store.update(record.id(), r -> r.reauthorisationAbandoned(now) ? r.withReauthorisationEnded(now) : r)
        .map(updated -> updated.orElse(record));
  }

  /** The tenant's consent as stored (not refreshed from the provider); empty when the tenant has none with that id. */
  public Future<Optional<ConsentView>> find(Tenant tenant, String consentId) {
    return store.get(consentId).map(found -> found.filter(r -> r.tenantId().equals(tenant.id()))
        .map(r -> view(r, false)));
  }

  /**
   * The consent as the tenant sees it. For a provider whose callback cannot carry the journey
   * token, the authorisation URL is the gateway's entry URL, which binds the journey to the browser
   * that opens it before sending it on to the provider; the provider's own URL is never shown.
   */
  public ConsentView view(ConsentRecord record, boolean stale) {
    String url = record.authorisationUrl();
    if (url != null && bindsBrowser(record.provider())) {
      url = publicBaseUrl + JOURNEY_ENTRY_PATH + record.id() + "/"
          + binding.hopToken(record.id(), record.journeyTokenHash());
    }
    return new ConsentView(record, stale, url);
  }

  /**
   * The browser opens a journey's entry URL (see {@link #view}): checks the link and answers where
   * to send the browser (the provider's authorisation page) and the binding cookie to set there.
   * An unknown consent and a wrong token look the same.
   */
  public Future<JourneyEntry> enterJourney(String consentId, String hopToken) {
    return store.get(consentId).compose(found -> {
      Optional<ConsentRecord> bound = found.filter(r -> bindsBrowser(r.provider())
          && binding.hopMatches(hopToken, r.id(), r.journeyTokenHash()));
      if (bound.isEmpty()) {
        return fail(Reason.JOURNEY_NOT_FOUND, "This journey link is not valid.", null);
      }
      ConsentRecord record = bound.get();
      if (record.journeyUsed() || record.status().isTerminal() || record.authorisationUrl() == null) {
        return fail(Reason.JOURNEY_ALREADY_COMPLETED, "This journey link was already used.", record.provider());
      }
      Instant now = clock.instant();
      if (!now.isBefore(record.journeyExpiresAt())) {
        return expire(record).compose(v -> fail(Reason.JOURNEY_EXPIRED,
            "This journey link has expired; please start again.", record.provider()));
      }
      return Future.succeededFuture(new JourneyEntry(record.authorisationUrl(),
          binding.cookieValue(record.id(), record.journeyTokenHash()),
          Duration.between(now, record.journeyExpiresAt()), callbackPath(record.provider()),
          publicBaseUrl.startsWith("https:")));
    });
  }

  /** The tenant's consents for one of its users, newest first (as stored; not refreshed). */
  public Future<List<ConsentRecord>> listForUser(Tenant tenant, String userReference) {
    return store.listByUser(tenant.id(), userReference);
  }

  /**
   * Completes the browser's return from a provider. Correlates the callback (by the provider's
   * consent id where the provider cannot carry the gateway's journey token, else by that token),
   * redeems the one-time journey, lets the adapter finish the step, and answers where the browser
   * goes next: the next bank page, or the tenant's registered redirect URL with the outcome.
   */
  public Future<CallbackOutcome> completeCallback(String provider, CallbackParams params) {
    return completeCallback(provider, params, null);
  }

  /**
   * As {@link #completeCallback(String, CallbackParams)}; {@code bindingCookie} is the value of the
   * cookie the journey's entry URL set in the browser (null when it sent none). Journeys of
   * providers with a fixed callback URL complete only with the right one.
   */
  public Future<CallbackOutcome> completeCallback(String provider, CallbackParams params, String bindingCookie) {
    ProviderAdapter adapter = adapters.get(provider);
    if (adapter == null) {
      return fail(Reason.JOURNEY_NOT_FOUND, "No journey is known for provider '" + provider + "'.", null);
    }
    Optional<String> correlation = adapter.correlationId(params);
    Future<Optional<ConsentRecord>> lookup;
    if (correlation.isPresent()) {
      lookup = store.findByProviderConsentId(provider, correlation.get());
    } else {
      Optional<String> journey = params.get("journey");
      if (journey.isEmpty()) {
        return fail(Reason.CALLBACK_INVALID, "The callback does not identify a journey.", provider);
      }
      lookup = store.findByJourneyTokenHash(tokens.hash(journey.get()));
    }
    return lookup.compose(found -> {
      if (found.isEmpty() || !found.get().provider().equals(provider)) {
        return fail(Reason.JOURNEY_NOT_FOUND, "This journey link is not valid.", provider);
      }
      ConsentRecord record = found.get();
      if (record.journeyUsed() || record.status().isTerminal()) {
        return fail(Reason.JOURNEY_ALREADY_COMPLETED, "This journey link was already used.", provider);
      }
      if (!clock.instant().isBefore(record.journeyExpiresAt())) {
        // A renewal's late return ends the renewal only: the consent keeps its authorisation.
        Future<?> ended = record.reauthorisationStartedAt() != null
            ? withoutAbandonedRenewal(record) : expire(record);
        return ended.compose(v -> fail(Reason.JOURNEY_EXPIRED,
            "This journey link has expired; please start again.", provider));
      }
      if (bindsBrowser(provider) && !binding.cookieMatches(bindingCookie, record.id(), record.journeyTokenHash())) {
        // Checked before the provider is asked: a refused callback costs no upstream call and changes nothing.
        LOG.info("callback for consent {} refused: its journey binding cookie is missing or wrong", record.id());
        return fail(Reason.JOURNEY_BINDING_MISSING, bindingCookie == null
            ? "This browser did not start this journey: open the link from the app that sent you to your bank"
                + " in this browser, and approve there."
            : "This browser started a different journey: open the link from the app that sent you to your bank"
                + " again, and approve there.", provider);
      }
      if (correlation.isPresent()) {
        return completeCorrelated(adapter, record, params);
      }
      return redeem(record).compose(redeemed -> finish(adapter, redeemed, params));
    });
  }

  /**
   * A callback found by the provider's consent id alone (no journey token, so anyone who saw the id
   * could send it): the provider is asked first, and a connection it still reports as pending never
   * consumes the journey.
   */
  private Future<CallbackOutcome> completeCorrelated(ProviderAdapter adapter, ConsentRecord record,
      CallbackParams params) {
    JourneyTokens.Minted next = tokens.mint();
    return adapter.completeCallback(ref(record), params, callbackUrl(adapter.id(), next.token()))
        .compose(result -> {
          if (result.status() == ConsentStatus.AWAITING_AUTHORIZATION && result.nextAuthorisationUrl() == null) {
            LOG.info("callback for consent {} refused: the provider reports it still pending", record.id());
            return fail(Reason.CALLBACK_INVALID, "The provider does not report this journey as completed.",
                record.provider());
          }
          return redeem(record).compose(redeemed -> apply(redeemed, result, next));
        }, e -> e instanceof ProviderFailure failure
            ? redeem(record).compose(redeemed -> providerFailed(redeemed, failure))
            : Future.failedFuture(e));
  }

  /**
   * A journey link used too late: the consent ends {@code expired} (terminal, so no later refresh from
   * the provider can turn it into {@code authorized} behind the gateway's back).
   */
  private Future<Void> expire(ConsentRecord record) {
    Instant now = clock.instant();
    return store.update(record.id(), current -> current.journeyUsed() || current.status().isTerminal()
            ? current
            : current.withStatus(ConsentStatus.EXPIRED, now, null, current.expiresAt())
                .withError(JOURNEY_EXPIRED_CODE, "The journey was not completed in time.", now)
                .withJourneyUsed())
        .onSuccess(updated -> LOG.info("consent {} expired: its journey link was used too late", record.id()))
        .mapEmpty();
  }

  /** Marks the journey used; fails when a concurrent callback redeemed it first. */
  private Future<ConsentRecord> redeem(ConsentRecord record) {
    boolean[] won = {false};
    return store.update(record.id(), current -> {
      if (current.journeyUsed() || !current.journeyTokenHash().equals(record.journeyTokenHash())) {
        return current;
      }
      won[0] = true;
      return current.withJourneyUsed();
    }).compose(updated -> won[0] && updated.isPresent()
        ? Future.succeededFuture(updated.get())
        : fail(Reason.JOURNEY_ALREADY_COMPLETED, "This journey link was already used.", record.provider()));
  }

  private Future<CallbackOutcome> finish(ProviderAdapter adapter, ConsentRecord record, CallbackParams params) {
    JourneyTokens.Minted next = tokens.mint();
    return adapter.completeCallback(ref(record), params, callbackUrl(adapter.id(), next.token()))
        .compose(result -> apply(record, result, next))
        .recover(e -> e instanceof ProviderFailure failure ? providerFailed(record, failure) : Future.failedFuture(e));
  }

  private Future<CallbackOutcome> providerFailed(ConsentRecord record, ProviderFailure failure) {
    LOG.warn("callback for consent {} could not be completed: {}", record.id(), failure.getMessage());
    String code = failure.error().kind().code();
    Instant now = clock.instant();
    return store.update(record.id(), r -> r.reauthorisationStartedAt() != null
            ? r.withReauthorisationEnded(now)
            : r.withError(code, "The provider could not complete the journey.", now))
        .map(updated -> redirectToTenant(updated.orElse(record), code));
  }

  private Future<CallbackOutcome> apply(ConsentRecord record, CallbackResult result, JourneyTokens.Minted next) {
    Instant now = clock.instant();
    if (record.reauthorisationStartedAt() != null) {
      return applyRenewal(record, result, now);
    }
    if (result.nextAuthorisationUrl() != null) {
      return store.update(record.id(), r -> r.withNextLeg(result.providerConsentId(), result.providerState(),
              result.nextAuthorisationUrl(), next.hash(), now.plus(options.tokenLifetime()), now))
          .map(updated -> new CallbackOutcome(result.nextAuthorisationUrl()));
    }
    String sealed = result.consentToken() == null ? null : secrets.seal(result.consentToken(), record.id());
    Instant authorizedAt = result.authorizedAt() != null || result.status() != ConsentStatus.AUTHORIZED
        ? result.authorizedAt() : now;
    boolean decoupled = result.status() == ConsentStatus.AWAITING_AUTHORIZATION && result.errorCode() == null;
    return store.update(record.id(), r -> {
      ConsentRecord updated = r.withProviderResult(result.providerConsentId(), result.providerState(), sealed)
          .withStatus(result.status(), now, authorizedAt, result.expiresAt());
      if (decoupled) {
        // Approval continues in the user's banking app: the spent bank page is no use to anyone.
        updated = updated.toBuilder().authorisationUrl(null).qrCodeUrl(null).build();
      }
      return result.errorCode() == null ? updated : updated.withError(result.errorCode(), result.errorDescription(), now);
    }).map(updated -> {
      ConsentRecord done = updated.orElse(record);
      LOG.info("consent {} journey completed: {}", done.id(), done.status());
      return redirectToTenant(done, result.errorCode());
    });
  }

  /**
   * The return from a renewal. Success renews the consent's authorisation (and its lifetime); any
   * other outcome ends the renewal only, and the consent keeps the authorisation it had.
   */
  private Future<CallbackOutcome> applyRenewal(ConsentRecord record, CallbackResult result, Instant now) {
    boolean renewed = result.status() == ConsentStatus.AUTHORIZED && result.errorCode() == null;
    String sealed = renewed && result.consentToken() != null ? secrets.seal(result.consentToken(), record.id()) : null;
    Instant authorizedAt = result.authorizedAt() != null ? result.authorizedAt() : now;
    return store.update(record.id(), r -> renewed
            ? r.withProviderResult(result.providerConsentId(), result.providerState(), sealed)
                .withStatus(ConsentStatus.AUTHORIZED, now, authorizedAt, result.expiresAt())
                .withReauthorisationEnded(now)
            : r.withReauthorisationEnded(now))
        .map(updated -> {
          ConsentRecord done = updated.orElse(record);
          LOG.info("consent {} renewal {}", done.id(), renewed ? "completed" : "ended without renewal");
          return redirectToTenant(done, renewed ? null : result.errorCode() != null ? result.errorCode()
              : RENEWAL_NOT_COMPLETED_CODE);
        });
  }

  private CallbackOutcome redirectToTenant(ConsentRecord record, String errorCode) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("consentId", record.id());
    query.put("status", record.status().wireName());
    query.put("state", record.state());
    query.put("error", errorCode);
    return new CallbackOutcome(Urls.withQuery(record.redirectUrl(), query));
  }

  private Future<ConsentRecord> owned(Tenant tenant, String consentId) {
    return store.get(consentId).compose(found -> found.filter(r -> r.tenantId().equals(tenant.id()))
        .map(Future::succeededFuture)
        // Another tenant's consent is indistinguishable from a missing one.
        .orElseGet(() -> fail(Reason.CONSENT_NOT_FOUND, "No consent with id '" + consentId + "'.", null)));
  }

  private ProviderConsentRef ref(ConsentRecord record) {
    return ConsentRefs.of(record, secrets);
  }

  private String callbackUrl(String provider, String journeyToken) {
    return publicBaseUrl + CALLBACK_PATH + provider + "?journey=" + journeyToken;
  }

  /** The path of the provider's callback as the browser requests it (the public base URL may have a path). */
  private String callbackPath(String provider) {
    // Empty for a base URL without a path.
    return URI.create(publicBaseUrl).getRawPath() + CALLBACK_PATH + provider;
  }

  /** Providers whose callback URL is fixed per application cannot carry the journey token: their journeys are bound to the browser. */
  private boolean bindsBrowser(String provider) {
    ProviderAdapter adapter = adapters.get(provider);
    return adapter != null && adapter.fixedCallbackUrl();
  }

  /** The port's "revocation unconfirmed": the provider could not confirm what happened to the consent. */
  private static boolean isNotFound(Throwable failure) {
    return failure instanceof ProviderFailure provider && provider.error().kind() == ProviderError.Kind.NOT_FOUND;
  }

  private static <T> Future<T> fail(Reason reason, String detail, String provider) {
    return Future.failedFuture(new JourneyFailure(reason, detail, provider, List.of()));
  }
}
