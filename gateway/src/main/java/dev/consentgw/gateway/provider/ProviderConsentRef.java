package dev.consentgw.gateway.provider;

import java.util.Map;

/**
 * What the gateway remembers of a consent at its provider, handed back to the adapter.
 *
 * @param consentToken the provider's consent token where it has one (Yapily); a secret, may be null
 */
public record ProviderConsentRef(
    String providerConsentId,
    String providerInstitutionId,
    String userReference,
    Map<String, String> providerState,
    String consentToken) {

  public ProviderConsentRef {
    providerState = Map.copyOf(providerState);
  }

  @Override
  public String toString() {
    return "ProviderConsentRef[" + providerConsentId + " at " + providerInstitutionId + "]";
  }
}
