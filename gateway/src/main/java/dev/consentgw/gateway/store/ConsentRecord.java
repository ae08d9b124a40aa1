package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything the gateway remembers about one consent. Immutable; changes produce a copy.
 *
 * @param userReference the tenant's own reference for the end user (not the tenant-scoped one)
 * @param redirectUrl the tenant's registered redirect URL chosen at creation (already allow-listed)
 * @param state the tenant's opaque state, echoed on the redirect
 * @param journeyTokenHash SHA-256 (hex) of the current one-time journey token; the token itself is
 *     never stored
 * @param journeyExpiresAt when the current journey token stops being accepted
 * @param journeyUsed whether the current journey token was already redeemed
 * @param sealedConsentToken the provider's consent token, encrypted; null when there is none
 * @param statusCheckedAt when the status was last confirmed with the provider
 */
public record ConsentRecord(
    String id,
    String tenantId,
    String provider,
    String institutionId,
    String providerInstitutionId,
    String userReference,
    Set<Permission> permissions,
    ConsentStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant authorizedAt,
    Instant expiresAt,
    String providerConsentId,
    Map<String, String> providerState,
    String authorisationUrl,
    String qrCodeUrl,
    String redirectUrl,
    String state,
    String journeyTokenHash,
    Instant journeyExpiresAt,
    boolean journeyUsed,
    String sealedConsentToken,
    String errorCode,
    String errorDescription,
    Instant statusCheckedAt) {

  public ConsentRecord {
    permissions = Set.copyOf(permissions);
    providerState = Map.copyOf(providerState);
  }

  /** A copy with a new status (and the timestamps that go with it); the authorisation URL is dropped once it is no longer needed. */
  public ConsentRecord withStatus(ConsentStatus newStatus, Instant now, Instant newAuthorizedAt, Instant newExpiresAt) {
    return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
        newStatus, createdAt, newStatus == status ? updatedAt : now,
        newAuthorizedAt != null ? newAuthorizedAt : authorizedAt, newExpiresAt != null ? newExpiresAt : expiresAt,
        providerConsentId, providerState,
        newStatus == ConsentStatus.AWAITING_AUTHORIZATION ? authorisationUrl : null,
        newStatus == ConsentStatus.AWAITING_AUTHORIZATION ? qrCodeUrl : null,
        redirectUrl, state, journeyTokenHash, journeyExpiresAt, journeyUsed, sealedConsentToken,
        errorCode, errorDescription, now);
  }

  /** A copy recording why the journey ended unsuccessfully. */
  public ConsentRecord withError(String code, String description, Instant now) {
    return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
        status, createdAt, now, authorizedAt, expiresAt, providerConsentId, providerState, authorisationUrl, qrCodeUrl,
        redirectUrl, state, journeyTokenHash, journeyExpiresAt, journeyUsed, sealedConsentToken, code, description,
        statusCheckedAt);
  }

  /** A copy whose journey token has been redeemed. */
  public ConsentRecord withJourneyUsed() {
    return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
        status, createdAt, updatedAt, authorizedAt, expiresAt, providerConsentId, providerState, authorisationUrl,
        qrCodeUrl, redirectUrl, state, journeyTokenHash, journeyExpiresAt, true, sealedConsentToken, errorCode,
        errorDescription, statusCheckedAt);
  }

  /** A copy for the next leg at the bank: new provider id, URL and journey token. */
  public ConsentRecord withNextLeg(String newProviderConsentId, Map<String, String> newProviderState,
      String newAuthorisationUrl, String newJourneyTokenHash, Instant newJourneyExpiresAt, Instant now) {
    return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
        ConsentStatus.AWAITING_AUTHORIZATION, createdAt, now, authorizedAt, expiresAt,
        newProviderConsentId != null ? newProviderConsentId : providerConsentId,
        newProviderState.isEmpty() ? providerState : newProviderState, newAuthorisationUrl, null, redirectUrl, state,
        newJourneyTokenHash, newJourneyExpiresAt, false, sealedConsentToken, null, null, now);
  }

  /** A copy holding the provider's (sealed) consent token and updated provider references. */
  public ConsentRecord withProviderResult(String newProviderConsentId, Map<String, String> newProviderState,
      String newSealedConsentToken) {
    return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
        status, createdAt, updatedAt, authorizedAt, expiresAt,
        newProviderConsentId != null ? newProviderConsentId : providerConsentId,
        newProviderState.isEmpty() ? providerState : newProviderState, authorisationUrl, qrCodeUrl, redirectUrl, state,
        journeyTokenHash, journeyExpiresAt, journeyUsed,
        newSealedConsentToken != null ? newSealedConsentToken : sealedConsentToken, errorCode, errorDescription,
        statusCheckedAt);
  }

  @Override
  public String toString() {
    // The sealed token and the journey hash stay out of logs even though neither is usable alone.
    return "ConsentRecord[" + id + ", tenant=" + tenantId + ", " + provider + ", " + status + "]";
  }
}
