package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An authorisation request and the consent it becomes (Yapily uses one id for both). Immutable: the
 * state replaces it on every transition.
 *
 * @param consentToken the secret granting data access, once authorised; never printed
 * @param callback where the browser goes after the bank, or null
 * @param oneTimeToken whether the callback carries a one-time token instead of the consent token
 * @param preAuthorisation whether this is the first leg of a two-leg journey
 * @param bankSession the id in the current bank page URL; a re-authorisation gets a new one
 * @param requestedExpiresAt the end the request asked for, or null
 */
record SimulatedConsent(
    UUID id,
    SimulatedUser user,
    String institutionId,
    String status,
    List<String> featureScope,
    String consentToken,
    String callback,
    boolean oneTimeToken,
    boolean preAuthorisation,
    String bankSession,
    String state,
    Instant createdAt,
    Instant authorizedAt,
    Instant expiresAt,
    Instant requestedExpiresAt) {

  static final String AWAITING_AUTHORIZATION = "AWAITING_AUTHORIZATION";
  static final String AWAITING_PRE_AUTHORIZATION = "AWAITING_PRE_AUTHORIZATION";
  static final String AWAITING_RE_AUTHORIZATION = "AWAITING_RE_AUTHORIZATION";
  static final String AWAITING_DECOUPLED_AUTHORIZATION = "AWAITING_DECOUPLED_AUTHORIZATION";
  static final String PRE_AUTHORIZED = "PRE_AUTHORIZED";
  static final String AUTHORIZED = "AUTHORIZED";
  static final String CONSUMED = "CONSUMED";
  static final String REJECTED = "REJECTED";
  static final String REVOKED = "REVOKED";
  static final String EXPIRED = "EXPIRED";

  private static final Set<String> AWAITING_USER =
      Set.of(AWAITING_AUTHORIZATION, AWAITING_PRE_AUTHORIZATION, AWAITING_RE_AUTHORIZATION);

  SimulatedConsent {
    featureScope = List.copyOf(featureScope);
  }

  /** The status as of {@code now}: an authorised consent past its end has expired. */
  String statusAt(Instant now) {
    return AUTHORIZED.equals(status) && expiresAt != null && !now.isBefore(expiresAt) ? EXPIRED : status;
  }

  boolean awaitingUser() {
    return AWAITING_USER.contains(status);
  }

  /** Whether data calls may use the consent: authorised and not past its end, also while being renewed. */
  boolean grantsAccess(Instant now) {
    boolean renewing = AWAITING_RE_AUTHORIZATION.equals(status) && authorizedAt != null
        && (expiresAt == null || now.isBefore(expiresAt));
    return renewing || AUTHORIZED.equals(statusAt(now));
  }

  SimulatedConsent withStatus(String newStatus) {
    return new SimulatedConsent(id, user, institutionId, newStatus, featureScope, consentToken, callback, oneTimeToken,
        preAuthorisation, bankSession, state, createdAt, authorizedAt, expiresAt, requestedExpiresAt);
  }

  SimulatedConsent authorised(String newStatus, String token, Instant at, Instant until) {
    return new SimulatedConsent(id, user, institutionId, newStatus, featureScope, token, callback, oneTimeToken,
        preAuthorisation, bankSession, state, createdAt, at, until, requestedExpiresAt);
  }

  SimulatedConsent reauthorising(String newBankSession) {
    return new SimulatedConsent(id, user, institutionId, AWAITING_RE_AUTHORIZATION, featureScope, consentToken,
        callback, oneTimeToken, preAuthorisation, newBankSession, state, createdAt, authorizedAt, expiresAt,
        requestedExpiresAt);
  }

  /** Yapily's {@code Consent}; the token only where Yapily returns it to the application. */
  JsonObject toConsentJson(Instant now, boolean withToken) {
    return toConsentJson(now, withToken, null, null);
  }

  /**
   * Yapily's {@code Consent}, with a reconfirmation reported after the authorisation.
   *
   * @param reconfirmedAt the last reconfirmation, or null (then the authorisation counts)
   * @param reconfirmationPeriod how long a confirmation lasts (UK: 90 days), or null to use the expiry
   */
  JsonObject toConsentJson(Instant now, boolean withToken, Instant reconfirmedAt, java.time.Duration reconfirmationPeriod) {
    Instant confirmed = reconfirmedAt != null ? reconfirmedAt : authorizedAt;
    Instant reconfirmBy = reconfirmedAt != null && reconfirmationPeriod != null
        ? reconfirmedAt.plus(reconfirmationPeriod) : expiresAt;
    JsonObject json = common(now)
        .put("lastConfirmedAt", text(confirmed))
        .put("reconfirmBy", text(reconfirmBy))
        .put("isDeletedByInstitution", false);
    if (withToken && consentToken != null) {
      json.put("consentToken", consentToken);
    }
    return withoutNulls(json);
  }

  /** Yapily's {@code AccountAuthorisationResponse} / {@code PreAuthorisationResponse}. */
  JsonObject toAuthorisationJson(Instant now, String authorisationUrl) {
    return withoutNulls(common(now).put("authorisationUrl", authorisationUrl));
  }

  private JsonObject common(Instant now) {
    return new JsonObject()
        .put("id", id.toString())
        .put("userUuid", user.uuid().toString())
        .put("applicationUserId", user.applicationUserId())
        .put("institutionId", institutionId)
        .put("status", statusAt(now))
        .put("createdAt", createdAt.toString())
        .put("authorizedAt", text(authorizedAt))
        .put("expiresAt", text(expiresAt))
        .put("featureScope", new JsonArray(featureScope))
        .put("state", state);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static JsonObject withoutNulls(JsonObject json) {
    json.getMap().values().removeIf(value -> value == null);
    return json;
  }

  @Override
  public String toString() {
    return "SimulatedConsent[" + id + " at " + institutionId + ", " + status + "]";
  }
}
