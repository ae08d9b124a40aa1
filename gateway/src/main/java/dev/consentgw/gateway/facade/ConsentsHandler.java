package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.ConsentsApi;
import dev.consentgw.facade.model.Consent;
import dev.consentgw.facade.model.ConsentPage;
import dev.consentgw.facade.model.CreateConsentRequest;
import dev.consentgw.facade.model.CreateReauthorisationRequest;
import dev.consentgw.facade.model.CreateReconfirmationRequest;
import dev.consentgw.facade.model.Reconfirmation;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.journey.JourneyFailure;
import dev.consentgw.gateway.journey.NewConsent;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoredResponse;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/consents} and {@code /v1/users/{userReference}/consents}. Owns the HTTP side of
 * idempotency: a replay answers the stored response byte for byte.
 */
public final class ConsentsHandler implements ConsentsApi {

  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private final ConsentJourneys journeys;
  private final TenantRegistry tenants;
  private final IdempotencyStore idempotency;
  private final ObjectMapper json;
  private final ObjectMapper canonicalJson;
  private final GatewayMetrics metrics;

  public ConsentsHandler(ConsentJourneys journeys, TenantRegistry tenants, IdempotencyStore idempotency,
      ObjectMapper json) {
    this(journeys, tenants, idempotency, json, GatewayMetrics.NONE);
  }

  /** @param metrics counts idempotent replays */
  public ConsentsHandler(ConsentJourneys journeys, TenantRegistry tenants, IdempotencyStore idempotency,
      ObjectMapper json, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.journeys = journeys;
    this.tenants = tenants;
    this.idempotency = idempotency;
    this.json = json;
    this.canonicalJson = json.copy()
        .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
  }

  @Override
  public Future<ApiResponse<Consent>> createConsent(CreateConsentRequest body, String xRequestId, String idempotencyKey,
      User caller) {
    Tenant tenant = tenants.of(caller);
    if (idempotencyKey == null) {
      return create(tenant, body).map(this::created);
    }
    String fingerprint = fingerprint(body);
    return idempotency.begin(tenant.id(), idempotencyKey, fingerprint, journeys.newConsentId()).compose(claim -> {
      if (!(claim instanceof IdempotencyClaim.Claimed)) {
        return settled(claim, "createConsent");
      }
      String consentId = ((IdempotencyClaim.Claimed) claim).resourceId();
      return journeys.find(tenant, consentId).compose(earlier -> earlier.isPresent()
          // An earlier request with this key created the consent but could not record its answer.
          ? remember(tenant, idempotencyKey, FacadeMapper.consent(earlier.get())).map(this::replayed)
          : create(tenant, body, consentId)
              .recover(e -> idempotency.abandon(tenant.id(), idempotencyKey).compose(v -> Future.failedFuture(e)))
              // Once the consent exists the claim is never abandoned: a retry after its lease finds it.
              .compose(consent -> remember(tenant, idempotencyKey, consent).map(v -> created(consent))));
    });
  }

  @Override
  public Future<ApiResponse<Consent>> createReauthorisation(String consentId, CreateReauthorisationRequest body,
      String xRequestId, String idempotencyKey, User caller) {
    Tenant tenant = tenants.of(caller);
    if (idempotencyKey == null) {
      return reauthorise(tenant, consentId, body).map(this::created);
    }
    // The consent id is part of the request: the same body for another consent is another request.
    String fingerprint = TenantRegistry.sha256Hex("createReauthorisation " + consentId + " " + canonical(body));
    return idempotency.begin(tenant.id(), idempotencyKey, fingerprint, consentId).compose(claim ->
        claim instanceof IdempotencyClaim.Claimed
            ? reauthorise(tenant, consentId, body)
                .recover(e -> idempotency.abandon(tenant.id(), idempotencyKey).compose(v -> Future.failedFuture(e)))
                .compose(consent -> remember(tenant, idempotencyKey, consent).map(v -> created(consent)))
            : settled(claim, "createReauthorisation"));
  }

  @Override
  public Future<ApiResponse<Reconfirmation>> createReconfirmation(String consentId, CreateReconfirmationRequest body,
      String xRequestId, User caller) {
    Instant confirmedAt = body == null || body.getConfirmedAt() == null ? null : body.getConfirmedAt().toInstant();
    return journeys.reconfirm(tenants.of(caller), consentId, confirmedAt)
        .map(done -> ApiResponse.ok(FacadeMapper.reconfirmation(consentId, done)));
  }

  private Future<Consent> reauthorise(Tenant tenant, String consentId, CreateReauthorisationRequest body) {
    return journeys.reauthorise(tenant, consentId, body.getRedirectUrl().toString(), body.getState())
        .map(FacadeMapper::consent);
  }

  /** The answer for a key that was not free: a replay, or a refusal. */
  private Future<ApiResponse<Consent>> settled(IdempotencyClaim claim, String operation) {
    if (claim instanceof IdempotencyClaim.Replay replay) {
      metrics.idempotentReplay(operation);
      return Future.succeededFuture(replayed(replay.response()));
    }
    if (claim instanceof IdempotencyClaim.InProgress) {
      return Future.failedFuture(new JourneyFailure(JourneyFailure.Reason.IDEMPOTENCY_IN_PROGRESS,
          "A request with this Idempotency-Key is still being processed; retry shortly."));
    }
    return Future.failedFuture(new JourneyFailure(JourneyFailure.Reason.IDEMPOTENCY_CONFLICT,
        "This Idempotency-Key was already used with a different request body.", null,
        List.of("/header/Idempotency-Key")));
  }

  private Future<StoredResponse> remember(Tenant tenant, String idempotencyKey, Consent consent) {
    StoredResponse response = new StoredResponse(201, consent.getId(), serialize(consent));
    return idempotency.complete(tenant.id(), idempotencyKey, response).map(v -> response);
  }

  @Override
  public Future<ApiResponse<Consent>> getConsent(String consentId, String xRequestId, User caller) {
    return journeys.get(tenants.of(caller), consentId).map(view -> ApiResponse.ok(FacadeMapper.consent(view)));
  }

  @Override
  public Future<ApiResponse<Void>> revokeConsent(String consentId, String xRequestId, User caller) {
    return journeys.revoke(tenants.of(caller), consentId).map(v -> ApiResponse.empty(204));
  }

  @Override
  public Future<ApiResponse<ConsentPage>> listUserConsents(String userReference, String xRequestId, String status,
      Integer limit, String cursor, User caller) {
    String filters = userReference + "|" + status;
    return journeys.listForUser(tenants.of(caller), userReference).map(records -> {
      PageCursor.Page<Consent> page = PageCursor.page(records,
          record -> status == null || record.status().wireName().equals(status), cursor, filters, limit,
          record -> FacadeMapper.consent(journeys.view(record, false)));
      ConsentPage result = new ConsentPage();
      result.setData(page.items());
      result.setNextCursor(page.nextCursor());
      return ApiResponse.ok(result);
    });
  }

  private Future<Consent> create(Tenant tenant, CreateConsentRequest body) {
    return create(tenant, body, journeys.newConsentId());
  }

  private Future<Consent> create(Tenant tenant, CreateConsentRequest body, String consentId) {
    // user.email is accepted by the contract but never leaves the gateway (see facade.yaml).
    NewConsent request = new NewConsent(body.getInstitutionId(), body.getUser().getReference(),
        new ArrayList<>(body.getPermissions()), body.getRedirectUrl().toString(),
        body.getState(), body.getExpiresAt() == null ? null : body.getExpiresAt().toInstant(),
        body.getTransactionsFrom());
    return journeys.create(tenant, request, consentId).map(FacadeMapper::consent);
  }

  private ApiResponse<Consent> created(Consent consent) {
    return ApiResponse.of(201, consent).withHeader("Location", "/v1/consents/" + consent.getId());
  }

  private ApiResponse<Consent> replayed(StoredResponse stored) {
    try {
      return ApiResponse.of(stored.status(), json.readValue(stored.body(), Consent.class))
          .withHeader("Location", "/v1/consents/" + stored.resourceId())
          .withHeader(IDEMPOTENT_REPLAYED, "true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same body ⇔ same fingerprint: properties in a fixed order, values as sent. */
  private String fingerprint(CreateConsentRequest body) {
    return TenantRegistry.sha256Hex(canonical(body));
  }

  private String canonical(Object body) {
    try {
      return canonicalJson.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] serialize(Consent consent) {
    try {
      return json.writeValueAsBytes(consent);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
