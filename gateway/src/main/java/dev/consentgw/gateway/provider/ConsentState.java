package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * The consent's state as its provider reports it now.
 *
 * @param consentToken a secret the provider handed over on this read because the gateway holds none
 *     yet (a Yapily consent approved in the banking app, whose journey brought no token back); null
 *     otherwise. Stored encrypted, never returned.
 */
public record ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt, String consentToken) {

  public ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt) {
    this(status, authorizedAt, expiresAt, null);
  }

  @Override
  public String toString() {
    return "ConsentState[" + status + ", authorizedAt=" + authorizedAt + ", expiresAt=" + expiresAt
        + ", token=" + (consentToken != null) + "]";
  }
}
