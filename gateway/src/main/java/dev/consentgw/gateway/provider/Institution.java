package dev.consentgw.gateway.provider;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An institution (bank, energy retailer) reachable through one provider.
 *
 * @param providerAttributes opaque hints the owning adapter attaches for its own later use (for
 *     example that the institution needs a pre-authorisation leg); never shown to consumers
 */
public record Institution(
    String provider,
    String providerInstitutionId,
    String name,
    String fullName,
    List<String> countries,
    String logoUrl,
    Set<Permission> permissions,
    boolean connectable,
    Environment environment,
    Map<String, String> providerAttributes) {

  public Institution {
    countries = List.copyOf(countries);
    permissions = Set.copyOf(permissions);
    providerAttributes = Map.copyOf(providerAttributes);
  }

  /** The gateway-wide id, {@code <provider>:<providerInstitutionId>}. */
  public String id() {
    return new InstitutionId(provider, providerInstitutionId).toString();
  }
}
