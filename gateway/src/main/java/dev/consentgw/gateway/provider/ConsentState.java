package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * The consent's state as its provider reports it now.
 *
 * @param reconfirmBy when the user must next reconfirm (Yapily UK), null when the provider has no such deadline
 * @param lastConfirmedAt when the user last authorised or reconfirmed (Yapily UK), null when unknown
 * @param stale the provider could not confirm anything (e.g. an unverified endpoint answered 404):
 *     {@code status} is {@link ConsentStatus#UNKNOWN} and the gateway keeps its last known state
 * @param consentToken a secret the provider handed over on this read because the gateway holds none
 *     yet (a Yapily consent approved in the banking app, whose journey brought no token back); null
 *     otherwise. Stored encrypted, never returned.
 */
public record ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt, Instant reconfirmBy,
    Instant lastConfirmedAt, boolean stale, String consentToken) {

  /** A confirmed state without reconfirmation dates. */
  public ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt) {
    this(status, authorizedAt, expiresAt, null, null, false, null);
  }

  /** The provider answered, but nothing it said confirms or changes the consent's status. */
  public static ConsentState unconfirmed() {
    return new ConsentState(ConsentStatus.UNKNOWN, null, null, null, null, true, null);
  }

  /** This state with the consent token the provider handed over on the read. */
  public ConsentState withConsentToken(String token) {
    return new ConsentState(status, authorizedAt, expiresAt, reconfirmBy, lastConfirmedAt, stale, token);
  }

  @Override
  public String toString() {
    return "ConsentState[" + status + ", authorizedAt=" + authorizedAt + ", expiresAt=" + expiresAt
        + ", reconfirmBy=" + reconfirmBy + ", lastConfirmedAt=" + lastConfirmedAt + ", stale=" + stale
        + ", token=" + (consentToken != null) + "]";
  }
}
