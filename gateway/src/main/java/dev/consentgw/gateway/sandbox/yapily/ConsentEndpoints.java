package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code GET /consents}, {@code GET /consents/{consentId}}, {@code DELETE /consents/{consentId}} (all
 * envelopes) and {@code POST /consent-one-time-token} (bare consent, token included).
 */
final class ConsentEndpoints {

  private static final int MAX_LIMIT = 1000;
  /** UK: a reconfirmation lasts 90 days. */
  static final Duration RECONFIRMATION_PERIOD = Duration.ofDays(90);
  private static final String UNITED_KINGDOM = "GB";

  private final YapilySandboxState state;

  private final YapilySandboxInstitutions institutions;

  ConsentEndpoints(YapilySandboxState state, YapilySandboxInstitutions institutions) {
    this.state = state;
    this.institutions = institutions;
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getConsentById", this::one,
        "delete", this::delete,
        "getConsents", this::list,
        "getConsentBySingleAccessConsent", this::exchangeOneTimeToken,
        "extendConsent", this::extend);
  }

  /** Yapily's {@code ConsentDeleteResponse} for a deleted consent. */
  static JsonObject deletion(SimulatedConsent consent) {
    return new JsonObject()
        .put("id", consent.id().toString())
        .put("deleteStatus", "SUCCESS")
        .put("institutionId", consent.institutionId())
        .put("creationDate", consent.createdAt().toString());
  }

  private void one(RoutingContext rc) {
    SimulatedConsent consent = state.consent(ValidatedInputs.uuidPathParam(rc, "consentId", "Consent"))
        .orElseThrow(ConsentEndpoints::unknownConsent);
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(json(consent, true)));
  }

  /** A UK consent that is authorised takes a reconfirmation up to now; anything else is Yapily's 400. */
  private void extend(RoutingContext rc) {
    UUID id = ValidatedInputs.uuidPathParam(rc, "consentId", "Consent");
    SimulatedConsent consent = state.consent(id).orElseThrow(ConsentEndpoints::unknownConsent);
    Instant confirmedAt = ValidatedInputs.dateTime(ValidatedInputs.body(rc), "lastConfirmedAt");
    Instant now = state.now();
    if (confirmedAt == null || confirmedAt.isAfter(now)) {
      throw SimulatorError.legacy(400, "lastConfirmedAt must be a date-time that is not in the future.");
    }
    boolean uk = institutions.find(consent.institutionId()).map(i -> UNITED_KINGDOM.equals(i.countryCode()))
        .orElse(false);
    if (!uk || !SimulatedConsent.AUTHORIZED.equals(consent.statusAt(now))) {
      throw SimulatorError.legacy(400, "The consent's type or status does not allow a reconfirmation.");
    }
    SimulatedConsent reconfirmed = state.reconfirm(id, confirmedAt).orElseThrow(ConsentEndpoints::unknownConsent);
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(json(reconfirmed, false)));
  }

  /** A consent the bank revoked reads with its status unchanged but {@code isDeletedByInstitution}, as at Yapily. */
  private JsonObject json(SimulatedConsent consent, boolean withToken) {
    return consent.toConsentJson(state.now(), withToken, state.reconfirmedAt(consent.id()).orElse(null),
        RECONFIRMATION_PERIOD).put("isDeletedByInstitution", state.revokedAtBank(consent.id()));
  }

  private void delete(RoutingContext rc) {
    SimulatedConsent revoked = state.revoke(ValidatedInputs.uuidPathParam(rc, "consentId", "Consent"))
        .orElseThrow(ConsentEndpoints::unknownConsent);
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(deletion(revoked)));
  }

  private void list(RoutingContext rc) {
    List<String> applicationUserIds = ValidatedInputs.strings(rc, "filter[applicationUserId]");
    List<String> userUuids = ValidatedInputs.strings(rc, "filter[userUuid]");
    List<String> institutionIds = ValidatedInputs.strings(rc, "filter[institution]");
    List<String> statuses = ValidatedInputs.strings(rc, "filter[status]");
    Integer limit = ValidatedInputs.integer(rc, "limit");
    Integer offsetParam = ValidatedInputs.integer(rc, "offset");
    int offset = offsetParam == null ? 0 : offsetParam;
    if (applicationUserIds.isEmpty() && userUuids.isEmpty() && limit == null) {
      throw SimulatorError.legacy(400, "At least one of filter[applicationUserId], filter[userUuid] or limit is required.");
    }
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw SimulatorError.legacy(400, "limit must be between 1 and " + MAX_LIMIT + ".");
    }
    if (offset < 0) {
      throw SimulatorError.legacy(400, "offset must not be negative.");
    }
    Instant now = state.now();
    Predicate<SimulatedConsent> filter = consent ->
        (applicationUserIds.isEmpty() || applicationUserIds.contains(consent.user().applicationUserId()))
            && (userUuids.isEmpty() || userUuids.contains(consent.user().uuid().toString()))
            && (institutionIds.isEmpty() || institutionIds.contains(consent.institutionId()))
            && (statuses.isEmpty() || statuses.contains(consent.statusAt(now)));
    List<SimulatedConsent> matching = state.consents(filter);
    int pageSize = limit == null ? MAX_LIMIT : limit;
    JsonArray page = new JsonArray();
    matching.stream().skip(offset).limit(pageSize).forEach(consent -> page.add(json(consent, true)));

    String query = rc.request().query();
    JsonObject meta = new JsonObject()
        .put("tracingId", YapilyResponses.tracingId())
        .put("count", page.size())
        .put("pagination", new JsonObject()
            .put("totalCount", matching.size())
            .put("self", new JsonObject().put("limit", pageSize).put("offset", offset)));
    YapilyResponses.json(rc, 200, new JsonObject()
        .put("meta", meta)
        .put("data", page)
        .put("links", new JsonObject().put("self", SandboxUrls.base(rc) + "/consents" + (query == null ? "" : "?" + query))));
  }

  private void exchangeOneTimeToken(RoutingContext rc) {
    String token = ValidatedInputs.body(rc).getString("oneTimeToken");
    SimulatedConsent consent = state.redeemOneTimeToken(token)
        .orElseThrow(() -> SimulatorError.legacy(400, "The one-time token is invalid, expired or already used."));
    YapilyResponses.json(rc, 201, consent.toConsentJson(state.now(), true));
  }

  private static SimulatorError unknownConsent() {
    return SimulatorError.legacy(404, "Consent not found.");
  }
}
