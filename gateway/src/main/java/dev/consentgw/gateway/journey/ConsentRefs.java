package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.store.ConsentRecord;

/** What an adapter is handed of a stored consent: its provider ids and its consent token, unsealed. */
final class ConsentRefs {

  private ConsentRefs() {
  }

  static ProviderConsentRef of(ConsentRecord record, SecretBox secrets) {
    String token = record.sealedConsentToken() == null ? null : secrets.open(record.sealedConsentToken(), record.id());
    return new ProviderConsentRef(record.providerConsentId(), record.providerInstitutionId(),
        Tenant.scopedUserReference(record.tenantId(), record.userReference()), record.providerState(), token);
  }
}
