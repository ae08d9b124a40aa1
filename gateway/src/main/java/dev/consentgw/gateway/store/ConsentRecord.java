package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentState;
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
 * @param reconfirmBy (Yapily UK) when the user must next reconfirm the consent at the fintech
 * @param lastConfirmedAt (Yapily UK) when the user last authorised at the bank or reconfirmed
 * @param statusStale the provider could not confirm the status at the last check (e.g. an unverified
 *     endpoint answered 404): {@code status} is the last one known
 * @param nextRefreshAt when the background tracker should next read the status from the provider;
 *     null for never (final states)
 * @param reauthorisationStartedAt when the renewal under way started; null when none is (the consent
 *     keeps its status meanwhile, and the journey fields describe the renewal's journey)
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
    Instant statusCheckedAt,
    Instant reconfirmBy,
    Instant lastConfirmedAt,
    boolean statusStale,
    Instant nextRefreshAt,
    Instant reauthorisationStartedAt) {

  public ConsentRecord {
    permissions = Set.copyOf(permissions);
    providerState = Map.copyOf(providerState);
  }

  /** A new record, built field by field: no call site passes positional nulls. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with a new status (and the timestamps that go with it); the authorisation URL is dropped once it is no longer needed. */
  public ConsentRecord withStatus(ConsentStatus newStatus, Instant now, Instant newAuthorizedAt, Instant newExpiresAt) {
    boolean renewing = reauthorisationStartedAt != null && !newStatus.isTerminal();
    boolean awaiting = newStatus == ConsentStatus.AWAITING_AUTHORIZATION || renewing;
    return toBuilder()
        .status(newStatus)
        .updatedAt(newStatus == status ? updatedAt : now)
        .authorizedAt(newAuthorizedAt != null ? newAuthorizedAt : authorizedAt)
        .expiresAt(newExpiresAt != null ? newExpiresAt : expiresAt)
        .authorisationUrl(awaiting ? authorisationUrl : null)
        .qrCodeUrl(awaiting ? qrCodeUrl : null)
        .statusCheckedAt(now)
        .statusStale(false)
        // A consent that ended has nothing left to renew.
        .reauthorisationStartedAt(renewing ? reauthorisationStartedAt : null)
        .build();
  }

  /**
   * A copy with a renewal under way: the consent keeps its status, and its journey fields now
   * describe the renewal (its page, where the browser goes afterwards, and a re-armed journey token:
   * the provider returns the browser to the callback URL the consent was last authorised with).
   */
  public ConsentRecord withReauthorisationStarted(String newAuthorisationUrl, String newQrCodeUrl,
      Map<String, String> newProviderState, String newRedirectUrl, String newState, Instant newJourneyExpiresAt,
      Instant now) {
    return toBuilder()
        .authorisationUrl(newAuthorisationUrl)
        .qrCodeUrl(newQrCodeUrl)
        .providerState(newProviderState.isEmpty() ? providerState : newProviderState)
        .redirectUrl(newRedirectUrl)
        .state(newState)
        .journeyUsed(false)
        .journeyExpiresAt(newJourneyExpiresAt)
        .reauthorisationStartedAt(now)
        .updatedAt(now)
        .build();
  }

  /** A copy whose renewal is over (completed, failed or abandoned): its page and journey are gone. */
  public ConsentRecord withReauthorisationEnded(Instant now) {
    if (reauthorisationStartedAt == null) {
      return this;
    }
    return toBuilder()
        .authorisationUrl(null)
        .qrCodeUrl(null)
        .journeyUsed(true)
        .reauthorisationStartedAt(null)
        .updatedAt(now)
        .build();
  }

  /** Whether a renewal is under way whose journey link has expired by {@code now}: the user abandoned it. */
  public boolean reauthorisationAbandoned(Instant now) {
    return reauthorisationStartedAt != null && journeyExpiresAt != null && !now.isBefore(journeyExpiresAt);
  }

  /**
   * A copy with what the provider reported at {@code now}: the status and its timestamps, and the
   * reconfirmation dates when the provider has them (kept otherwise). A report the provider could not
   * confirm keeps everything and only marks the status stale.
   */
  public ConsentRecord withProviderState(ConsentState reported, Instant now) {
    if (reported.stale()) {
      return toBuilder().statusStale(true).build();
    }
    return withStatus(reported.status(), now, reported.authorizedAt(), reported.expiresAt())
        .withConfirmation(reported.lastConfirmedAt(), reported.reconfirmBy());
  }

  /** A copy with the provider's reconfirmation dates (Yapily UK); a date it did not give is kept. */
  public ConsentRecord withConfirmation(Instant newLastConfirmedAt, Instant newReconfirmBy) {
    return toBuilder()
        .lastConfirmedAt(newLastConfirmedAt != null ? newLastConfirmedAt : lastConfirmedAt)
        .reconfirmBy(newReconfirmBy != null ? newReconfirmBy : reconfirmBy)
        .build();
  }

  /**
   * The next deadline after {@code now} at which the consent stops working unless something is done:
   * its expiry or (Yapily UK) its reconfirmation date, whichever comes first; null when neither is ahead.
   */
  public Instant nextDeadlineAfter(Instant now) {
    Instant expiry = expiresAt != null && expiresAt.isAfter(now) ? expiresAt : null;
    Instant reconfirmation = reconfirmBy != null && reconfirmBy.isAfter(now) ? reconfirmBy : null;
    if (expiry == null || reconfirmation == null) {
      return expiry != null ? expiry : reconfirmation;
    }
    return reconfirmation.isBefore(expiry) ? reconfirmation : expiry;
  }

  /** A copy the tracker should look at next at {@code at} (null: never). */
  public ConsentRecord withNextRefreshAt(Instant at) {
    return toBuilder().nextRefreshAt(at).build();
  }

  /** A copy recording why the journey ended unsuccessfully. */
  public ConsentRecord withError(String code, String description, Instant now) {
    return toBuilder().errorCode(code).errorDescription(description).updatedAt(now).build();
  }

  /** A copy whose journey token has been redeemed. */
  public ConsentRecord withJourneyUsed() {
    return toBuilder().journeyUsed(true).build();
  }

  /** A copy for the next leg at the bank: new provider id, URL and journey token. */
  public ConsentRecord withNextLeg(String newProviderConsentId, Map<String, String> newProviderState,
      String newAuthorisationUrl, String newJourneyTokenHash, Instant newJourneyExpiresAt, Instant now) {
    return toBuilder()
        .status(ConsentStatus.AWAITING_AUTHORIZATION)
        .updatedAt(now)
        .providerConsentId(newProviderConsentId != null ? newProviderConsentId : providerConsentId)
        .providerState(newProviderState.isEmpty() ? providerState : newProviderState)
        .authorisationUrl(newAuthorisationUrl)
        .qrCodeUrl(null)
        .journeyTokenHash(newJourneyTokenHash)
        .journeyExpiresAt(newJourneyExpiresAt)
        .journeyUsed(false)
        .errorCode(null)
        .errorDescription(null)
        .statusCheckedAt(now)
        .build();
  }

  /** A copy holding the provider's (sealed) consent token and updated provider references. */
  public ConsentRecord withProviderResult(String newProviderConsentId, Map<String, String> newProviderState,
      String newSealedConsentToken) {
    return toBuilder()
        .providerConsentId(newProviderConsentId != null ? newProviderConsentId : providerConsentId)
        .providerState(newProviderState.isEmpty() ? providerState : newProviderState)
        .sealedConsentToken(newSealedConsentToken != null ? newSealedConsentToken : sealedConsentToken)
        .build();
  }

  /** Builds a {@link ConsentRecord}; unset references stay null, {@code journeyUsed} false, collections empty. */
  public static final class Builder {
    private String id;
    private String tenantId;
    private String provider;
    private String institutionId;
    private String providerInstitutionId;
    private String userReference;
    private Set<Permission> permissions = Set.of();
    private ConsentStatus status;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant authorizedAt;
    private Instant expiresAt;
    private String providerConsentId;
    private Map<String, String> providerState = Map.of();
    private String authorisationUrl;
    private String qrCodeUrl;
    private String redirectUrl;
    private String state;
    private String journeyTokenHash;
    private Instant journeyExpiresAt;
    private boolean journeyUsed;
    private String sealedConsentToken;
    private String errorCode;
    private String errorDescription;
    private Instant statusCheckedAt;
    private Instant reconfirmBy;
    private Instant lastConfirmedAt;
    private boolean statusStale;
    private Instant nextRefreshAt;
    private Instant reauthorisationStartedAt;

    private Builder() {
    }

    private Builder(ConsentRecord r) {
      id = r.id;
      tenantId = r.tenantId;
      provider = r.provider;
      institutionId = r.institutionId;
      providerInstitutionId = r.providerInstitutionId;
      userReference = r.userReference;
      permissions = r.permissions;
      status = r.status;
      createdAt = r.createdAt;
      updatedAt = r.updatedAt;
      authorizedAt = r.authorizedAt;
      expiresAt = r.expiresAt;
      providerConsentId = r.providerConsentId;
      providerState = r.providerState;
      authorisationUrl = r.authorisationUrl;
      qrCodeUrl = r.qrCodeUrl;
      redirectUrl = r.redirectUrl;
      state = r.state;
      journeyTokenHash = r.journeyTokenHash;
      journeyExpiresAt = r.journeyExpiresAt;
      journeyUsed = r.journeyUsed;
      sealedConsentToken = r.sealedConsentToken;
      errorCode = r.errorCode;
      errorDescription = r.errorDescription;
      statusCheckedAt = r.statusCheckedAt;
      reconfirmBy = r.reconfirmBy;
      lastConfirmedAt = r.lastConfirmedAt;
      statusStale = r.statusStale;
      nextRefreshAt = r.nextRefreshAt;
      reauthorisationStartedAt = r.reauthorisationStartedAt;
    }

    public Builder id(String value) { id = value; return this; }
    public Builder tenantId(String value) { tenantId = value; return this; }
    public Builder provider(String value) { provider = value; return this; }
    public Builder institutionId(String value) { institutionId = value; return this; }
    public Builder providerInstitutionId(String value) { providerInstitutionId = value; return this; }
    public Builder userReference(String value) { userReference = value; return this; }
    public Builder permissions(Set<Permission> value) { permissions = value; return this; }
    public Builder status(ConsentStatus value) { status = value; return this; }
    public Builder createdAt(Instant value) { createdAt = value; return this; }
    public Builder updatedAt(Instant value) { updatedAt = value; return this; }
    public Builder authorizedAt(Instant value) { authorizedAt = value; return this; }
    public Builder expiresAt(Instant value) { expiresAt = value; return this; }
    public Builder providerConsentId(String value) { providerConsentId = value; return this; }
    public Builder providerState(Map<String, String> value) { providerState = value; return this; }
    public Builder authorisationUrl(String value) { authorisationUrl = value; return this; }
    public Builder qrCodeUrl(String value) { qrCodeUrl = value; return this; }
    public Builder redirectUrl(String value) { redirectUrl = value; return this; }
    public Builder state(String value) { state = value; return this; }
    public Builder journeyTokenHash(String value) { journeyTokenHash = value; return this; }
    public Builder journeyExpiresAt(Instant value) { journeyExpiresAt = value; return this; }
    public Builder journeyUsed(boolean value) { journeyUsed = value; return this; }
    public Builder sealedConsentToken(String value) { sealedConsentToken = value; return this; }
    public Builder errorCode(String value) { errorCode = value; return this; }
    public Builder errorDescription(String value) { errorDescription = value; return this; }
    public Builder statusCheckedAt(Instant value) { statusCheckedAt = value; return this; }
    public Builder reconfirmBy(Instant value) { reconfirmBy = value; return this; }
    public Builder lastConfirmedAt(Instant value) { lastConfirmedAt = value; return this; }
    public Builder statusStale(boolean value) { statusStale = value; return this; }
    public Builder nextRefreshAt(Instant value) { nextRefreshAt = value; return this; }
    public Builder reauthorisationStartedAt(Instant value) { reauthorisationStartedAt = value; return this; }

    public ConsentRecord build() {
      return new ConsentRecord(id, tenantId, provider, institutionId, providerInstitutionId, userReference, permissions,
          status, createdAt, updatedAt, authorizedAt, expiresAt, providerConsentId, providerState, authorisationUrl,
          qrCodeUrl, redirectUrl, state, journeyTokenHash, journeyExpiresAt, journeyUsed, sealedConsentToken,
          errorCode, errorDescription, statusCheckedAt, reconfirmBy, lastConfirmedAt, statusStale, nextRefreshAt,
          reauthorisationStartedAt);
    }
  }

  @Override
  public String toString() {
    // The sealed token and the journey hash stay out of logs even though neither is usable alone.
    return "ConsentRecord[" + id + ", tenant=" + tenantId + ", " + provider + ", " + status + "]";
  }
}
