package dev.consentgw.gateway.catalogue;

import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's part of the catalogue as served right now.
 *
 * @param refreshedAt when its institutions were last fetched successfully; null if never
 * @param unavailableBecause when the part is unavailable: why (the failed refresh, or the pause
 *     before the next one); null otherwise or when not known
 */
public record ProviderCatalogue(String provider, CatalogueStatus status, Instant refreshedAt,
    List<Institution> institutions, Map<String, Institution> byId, ProviderFailure unavailableBecause) {

  public Optional<Institution> find(String providerInstitutionId) {
    return Optional.ofNullable(byId.get(providerInstitutionId));
  }

  /** The failure to answer with when an institution is asked for while this part is unavailable. */
  public ProviderFailure failure() {
    return unavailableBecause != null ? unavailableBecause
        : new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE, provider, null, 0,
            "The provider's institution catalogue is unavailable."));
  }
}
