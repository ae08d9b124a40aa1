package dev.consentgw.gateway.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * The gateway-wide id of an institution, {@code <provider>:<providerInstitutionId>} (for example
 * {@code yapily:thistle-sandbox}). The only place that splits or joins the two parts.
 */
public record InstitutionId(String provider, String providerInstitutionId) {

  private static final char SEPARATOR = ':';

  public InstitutionId {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerInstitutionId, "providerInstitutionId");
  }

  /** Reads {@code <provider>:<providerInstitutionId>}; empty when either part is missing. */
  public static Optional<InstitutionId> parse(String text) {
    int at = text == null ? -1 : text.indexOf(SEPARATOR);
    if (at <= 0 || at == text.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new InstitutionId(text.substring(0, at), text.substring(at + 1)));
  }

  @Override
  public String toString() {
    return provider + SEPARATOR + providerInstitutionId;
  }
}
