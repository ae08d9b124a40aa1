package dev.consentgw.gateway.catalogue;

import dev.consentgw.gateway.provider.Institution;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's part of the catalogue as served right now.
 *
 * @param refreshedAt when its institutions were last fetched successfully; null if never
 */
public record ProviderCatalogue(String provider, CatalogueStatus status, Instant refreshedAt,
    List<Institution> institutions, Map<String, Institution> byId) {

  public Optional<Institution> find(String providerInstitutionId) {
    return Optional.ofNullable(byId.get(providerInstitutionId));
  }
}
