package dev.consentgw.gateway.provider;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * What an adapter needs to start a journey.
 *
 * @param institution the catalogue entry, including the adapter's own {@code providerAttributes}
 * @param userReference the end user's reference, already scoped to the tenant, safe to send upstream
 * @param callbackUrl the gateway callback URL for this journey, carrying its one-time journey token
 * @param expiresAt requested end of the consent, or null for the provider's default
 * @param transactionsFrom earliest transaction date requested, or null
 */
public record ConsentRequest(
    Institution institution,
    String userReference,
    Set<Permission> permissions,
    String callbackUrl,
    Instant expiresAt,
    LocalDate transactionsFrom) {

  public ConsentRequest {
    permissions = Set.copyOf(permissions);
  }
}
