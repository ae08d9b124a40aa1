package dev.consentgw.gateway.facade;

import dev.consentgw.facade.model.Consent;
import dev.consentgw.facade.model.ConsentError;
import dev.consentgw.facade.model.ConsentReauthorisation;
import dev.consentgw.facade.model.ConsentUser;
import dev.consentgw.facade.model.Institution;
import dev.consentgw.facade.model.Reconfirmation;
import dev.consentgw.gateway.journey.ConsentView;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.store.ConsentRecord;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/** Domain → facade models. The only place the published JSON shapes are filled in. */
final class FacadeMapper {

  private FacadeMapper() {
  }

  static Institution institution(dev.consentgw.gateway.provider.Institution source) {
    Institution target = new Institution();
    target.setId(source.id());
    target.setProvider(source.provider());
    target.setName(source.name());
    target.setFullName(source.fullName());
    target.setCountries(new LinkedHashSet<>(source.countries()));
    target.setLogoUrl(uri(source.logoUrl()));
    target.setPermissions(permissions(source.permissions()));
    target.setConnectable(source.connectable());
    target.setEnvironment(source.environment().wireName());
    return target;
  }

  static Consent consent(ConsentView view) {
    ConsentRecord r = view.record();
    Consent target = new Consent();
    target.setId(r.id());
    target.setStatus(r.status().wireName());
    target.setProvider(r.provider());
    target.setInstitutionId(r.institutionId());
    target.setUser(new ConsentUser(r.userReference()));
    target.setPermissions(permissions(r.permissions()));
    target.setAuthorisationUrl(uri(view.authorisationUrl()));
    target.setQrCodeUrl(uri(r.qrCodeUrl()));
    target.setCreatedAt(time(r.createdAt()));
    target.setUpdatedAt(time(r.updatedAt()));
    target.setAuthorizedAt(time(r.authorizedAt()));
    target.setExpiresAt(time(r.expiresAt()));
    target.setProviderConsentId(r.providerConsentId());
    target.setState(r.state());
    if (r.errorCode() != null) {
      target.setError(new ConsentError(r.errorCode(), r.errorDescription()));
    }
    if (view.stale()) {
      target.setStale(true);
    }
    target.setReconfirmBy(time(r.reconfirmBy()));
    target.setLastConfirmedAt(time(r.lastConfirmedAt()));
    target.setLastRefreshedAt(time(r.statusCheckedAt()));
    if (r.statusStale()) {
      target.setStatusStale(true);
    }
    if (r.reauthorisationStartedAt() != null) {
      ConsentReauthorisation renewal = new ConsentReauthorisation();
      renewal.setStatus(ConsentReauthorisation.StatusEnum.IN_PROGRESS);
      renewal.setStartedAt(time(r.reauthorisationStartedAt()));
      target.setReauthorisation(renewal);
    }
    return target;
  }

  static Reconfirmation reconfirmation(String consentId, ConsentReconfirmation source) {
    Reconfirmation target = new Reconfirmation();
    target.setConsentId(consentId);
    target.setLastConfirmedAt(time(source.lastConfirmedAt()));
    target.setReconfirmBy(time(source.reconfirmBy()));
    return target;
  }

  private static Set<String> permissions(Set<Permission> permissions) {
    Set<String> names = new LinkedHashSet<>();
    // Enum order keeps the JSON stable across calls.
    for (Permission p : Permission.values()) {
      if (permissions.contains(p)) {
        names.add(p.wireName());
      }
    }
    return names;
  }

  private static URI uri(String value) {
    return value == null ? null : URI.create(value);
  }

  /** Millisecond precision: enough for consumers, and stable across stores that keep less. */
  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }
}
