package dev.consentgw.gateway.provider;

import java.time.Instant;
import java.util.Map;

/**
 * Where a journey stands after a callback.
 *
 * @param consentToken a secret the provider handed over (Yapily consent token), to be stored
 *     encrypted and never returned; null when none
 * @param nextAuthorisationUrl for two-leg journeys, the URL the browser must visit next (the
 *     journey stays awaiting authorisation); null when the journey is complete
 * @param errorCode a stable, provider-neutral reason when the user or bank ended the journey
 *     unsuccessfully (e.g. {@code access_denied}); null on success
 * @param providerState replaces the stored provider state when non-empty
 */
public record CallbackResult(
    ConsentStatus status,
    String providerConsentId,
    String consentToken,
    String nextAuthorisationUrl,
    String errorCode,
    String errorDescription,
    Instant authorizedAt,
    Instant expiresAt,
    Map<String, String> providerState) {

  public CallbackResult {
    providerState = Map.copyOf(providerState);
  }

  @Override
  public String toString() {
    return "CallbackResult[" + status + ", next=" + (nextAuthorisationUrl != null) + ", error=" + errorCode + "]";
  }
}
