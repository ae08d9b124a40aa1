package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The authorisation journeys: {@code POST /account-auth-requests} (single leg),
 * {@code POST /pre-auth-requests} then {@code PUT /account-auth-requests} (two legs), and
 * {@code PATCH /account-auth-requests} (re-authorisation). Each answer sends the user to a bank page
 * of {@link SimulatedBank}.
 */
final class AuthorisationEndpoints {

  private static final String CONSENT_HEADER = "consent";
  private static final String PRE_AUTHORISATION_SCOPE = "AIS";

  private final YapilySandboxInstitutions institutions;
  private final YapilySandboxState state;

  AuthorisationEndpoints(YapilySandboxInstitutions institutions, YapilySandboxState state) {
    this.institutions = institutions;
    this.state = state;
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "initiateAccountRequest", this::initiate,
        "createPreAuthorisationRequest", this::preAuthorise,
        "updatePreAuthoriseAccountConsent", this::continueAfterPreAuthorisation,
        "reAuthoriseAccount", this::reauthorise);
  }

  private void initiate(RoutingContext rc) {
    JsonObject body = ValidatedInputs.body(rc);
    SandboxInstitution institution = institution(body);
    if (institution.bankFails()) {
      throw SimulatorError.legacyInstitution(424, "The institution could not process the request.",
          SimulatorError.institutionError("Service temporarily unavailable at the bank.", 503));
    }
    if (institution.needsPreAuthorisation()) {
      throw SimulatorError.issues(400, "YAPILY", List.of(SimulatorError.issue("INVALID_REQUEST",
          "PRE_AUTHORISATION_REQUIRED", "$.institutionId",
          "The institution needs pre-authorisation: start with POST /pre-auth-requests.")));
    }
    SimulatedUser user = user(body);
    List<String> features = featureScope(body, institution);
    requireCallbackForOneTimeToken(body);
    SimulatedConsent consent = state.createAuthorisation(user, institution.id(), features, body.getString("callback"),
        body.getBoolean("oneTimeToken", false), false, requestedExpiry(body));
    state.rememberForwardParameters(consent.id(), forwardParameters(body));
    answer(rc, 201, consent);
  }

  private void preAuthorise(RoutingContext rc) {
    JsonObject body = ValidatedInputs.body(rc);
    SandboxInstitution institution = institution(body);
    if (institution.bankFails()) {
      JsonObject issue = SimulatorError.issue("INSTITUTION_ERROR", "INSTITUTION_UNAVAILABLE", null,
          "The institution could not process the request.")
          .put("institutionError", SimulatorError.institutionError("Service temporarily unavailable at the bank.", 503));
      throw SimulatorError.issues(424, "INSTITUTION", List.of(issue));
    }
    if (!institution.needsPreAuthorisation()) {
      throw SimulatorError.legacy(424, "The institution does not support pre-authorisation.");
    }
    if (!PRE_AUTHORISATION_SCOPE.equals(body.getString("scope"))) {
      throw SimulatorError.legacy(400, "The sandbox pre-authorises the AIS scope only.");
    }
    SimulatedUser user = user(body);
    requireCallbackForOneTimeToken(body);
    SimulatedConsent consent = state.createAuthorisation(user, institution.id(), List.of(), body.getString("callback"),
        body.getBoolean("oneTimeToken", false), true, null);
    state.rememberForwardParameters(consent.id(), forwardParameters(body));
    answer(rc, 201, consent);
  }

  private void continueAfterPreAuthorisation(RoutingContext rc) {
    SimulatedConsent preAuthorised = state.consentByToken(ValidatedInputs.header(rc, CONSENT_HEADER))
        .orElseThrow(AuthorisationEndpoints::unknownConsentToken);
    JsonObject body = ValidatedInputs.body(rc);
    SandboxInstitution institution = institution(body);
    if (!institution.id().equals(preAuthorised.institutionId())) {
      throw SimulatorError.legacy(400, "institutionId differs from the pre-authorised consent's institution.");
    }
    String applicationUserId = body.getString("applicationUserId");
    String userUuid = body.getString("userUuid");
    if ((applicationUserId != null && !applicationUserId.equals(preAuthorised.user().applicationUserId()))
        || (userUuid != null && !userUuid.equals(preAuthorised.user().uuid().toString()))) {
      throw SimulatorError.legacy(400, "The user differs from the pre-authorised consent's user.");
    }
    List<String> features = featureScope(body, institution);
    requireCallbackForOneTimeToken(body);
    state.consumePreAuthorisation(preAuthorised.id()).orElseThrow(AuthorisationEndpoints::consentNoLongerValid);
    SimulatedConsent consent = state.createAuthorisation(preAuthorised.user(), institution.id(), features,
        body.getString("callback"), body.getBoolean("oneTimeToken", false), false, requestedExpiry(body));
    state.rememberForwardParameters(consent.id(), forwardParameters(body));
    if (state.decoupled(institution.id())) {
      // Approved in the banking app: Yapily's answer carries no authorisation URL.
      SimulatedConsent waiting = state.awaitDecoupledApproval(consent.id());
      YapilyResponses.json(rc, 200, YapilyResponses.envelope(waiting.toAuthorisationJson(state.now(), null)));
      return;
    }
    answer(rc, 200, consent);
  }

  private void reauthorise(RoutingContext rc) {
    SimulatedConsent consent = state.consentByToken(ValidatedInputs.header(rc, CONSENT_HEADER))
        .orElseThrow(AuthorisationEndpoints::unknownConsentToken);
    if (state.refusesRenewal(consent.institutionId())) {
      throw SimulatorError.issues(400, "INSTITUTION", List.of(SimulatorError.issue("INVALID_REQUEST",
          "REAUTHORISATION_NOT_SUPPORTED", null, "The institution does not support re-authorisation.")));
    }
    SimulatedConsent reauthorising = state.startReauthorisation(consent.id())
        .orElseThrow(AuthorisationEndpoints::consentNoLongerValid);
    answer(rc, 201, reauthorising);
  }

  private void answer(RoutingContext rc, int status, SimulatedConsent consent) {
    YapilyResponses.json(rc, status, YapilyResponses.envelope(
        consent.toAuthorisationJson(state.now(), SandboxUrls.bankPage(rc, consent.bankSession()))));
  }

  private SandboxInstitution institution(JsonObject body) {
    return institutions.find(body.getString("institutionId"))
        .orElseThrow(() -> SimulatorError.legacy(404, "Institution not found."));
  }

  /** {@code userUuid} names a known user; an unknown {@code applicationUserId} creates one. */
  private SimulatedUser user(JsonObject body) {
    String userUuid = body.getString("userUuid");
    if (userUuid != null) {
      try {
        return state.user(UUID.fromString(userUuid))
            .orElseThrow(() -> SimulatorError.legacy(400, "userUuid does not name a user of the application."));
      } catch (IllegalArgumentException e) {
        throw SimulatorError.legacy(400, "userUuid is not a uuid.");
      }
    }
    String applicationUserId = body.getString("applicationUserId");
    if (applicationUserId == null || applicationUserId.isBlank()) {
      throw SimulatorError.legacy(400, "Either userUuid or applicationUserId is required.");
    }
    return state.userFor(applicationUserId);
  }

  /** The requested features, each one the institution must offer; all it offers when none are named. */
  private static List<String> featureScope(JsonObject body, SandboxInstitution institution) {
    JsonArray requested = body.getJsonObject("accountRequest", new JsonObject()).getJsonArray("featureScope");
    if (requested == null || requested.isEmpty()) {
      return institution.features().stream().filter(feature -> !feature.startsWith("INITIATE_")).toList();
    }
    List<String> features = new ArrayList<>();
    List<JsonObject> issues = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      String feature = requested.getString(i);
      if (institution.offers(feature)) {
        features.add(feature);
      } else {
        issues.add(SimulatorError.issue("INVALID_PARAMETER", "FEATURE_NOT_SUPPORTED",
            "$.accountRequest.featureScope[" + i + "]", "The institution does not support " + feature + "."));
      }
    }
    if (!issues.isEmpty()) {
      throw SimulatorError.issues(400, "YAPILY", issues);
    }
    return features;
  }

  private static void requireCallbackForOneTimeToken(JsonObject body) {
    if (body.getBoolean("oneTimeToken", false) && body.getString("callback") == null) {
      throw SimulatorError.legacy(400, "oneTimeToken needs a callback.");
    }
  }

  private static List<String> forwardParameters(JsonObject body) {
    JsonArray forwarded = body.getJsonArray("forwardParameters");
    return forwarded == null ? List.of() : forwarded.stream().map(String::valueOf).toList();
  }

  private static Instant requestedExpiry(JsonObject body) {
    return ValidatedInputs.dateTime(body.getJsonObject("accountRequest", new JsonObject()), "expiresAt");
  }

  private static SimulatorError unknownConsentToken() {
    return SimulatorError.legacy(401, "The consent token is not recognised.");
  }

  private static SimulatorError consentNoLongerValid() {
    return SimulatorError.legacy(403, "The consent is no longer valid.");
  }
}
