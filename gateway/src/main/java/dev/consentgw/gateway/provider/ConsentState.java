package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * The consent's state as its provider reports it now.
 *
 * @param reconfirmBy when the user must next reconfirm (Yapily UK), null when the provider has no such deadline
 * @param lastConfirmedAt when the user last authorised or reconfirmed (Yapily UK), null when unknown
 * @param stale the provider could not confirm anything (e.g. an unverified endpoint answered 404):
 *     {@code status} is {@link ConsentStatus#UNKNOWN} and the gateway keeps its last known state
 */
public record ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt, Instant reconfirmBy,
    Instant lastConfirmedAt, boolean stale) {

  /** A confirmed state without reconfirmation dates. */
  public ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt) {
    this(status, authorizedAt, expiresAt, null, null, false);
  }

  /** The provider answered, but nothing it said confirms or changes the consent's status. */
  public static ConsentState unconfirmed() {
    return new ConsentState(ConsentStatus.UNKNOWN, null, null, null, null, true);
  }
}
