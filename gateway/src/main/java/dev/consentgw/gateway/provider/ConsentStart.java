package dev.consentgw.gateway.provider;

import java.time.Instant;
import java.util.Map;

/**
 * The provider's answer to a started journey.
 *
 * @param providerConsentId the provider's id for the consent/connection/authorisation request
 * @param authorisationUrl where the end user's browser must go next
 * @param qrCodeUrl an optional QR code for the same URL, when the provider offers one
 * @param providerState opaque values the adapter needs on later calls (e.g. the provider's user id)
 */
public record ConsentStart(
    String providerConsentId,
    ConsentStatus status,
    String authorisationUrl,
    String qrCodeUrl,
    Instant expiresAt,
    Map<String, String> providerState) {

  public ConsentStart {
    providerState = Map.copyOf(providerState);
  }
}
