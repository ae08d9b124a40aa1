package dev.consentgw.gateway.provider;

import java.util.List;

/**
 * An account shared under a consent, in the gateway's unified terms.
 *
 * @param id the provider's account id (what its data paths take)
 * @param type the unified kind, e.g. {@code current}, {@code savings}, {@code credit_card} (open set)
 * @param subtype the institution's own product description, or null
 * @param usage {@code personal}, {@code business}, or null
 * @param status {@code open}, {@code closed}, or null
 */
public record Account(String id, String name, String type, String subtype, String usage, String currency,
    String status, List<AccountIdentifier> identifiers) {

  public Account {
    identifiers = List.copyOf(identifiers);
  }

  public Account withIdentifiers(List<AccountIdentifier> replaced) {
    return new Account(id, name, type, subtype, usage, currency, status, replaced);
  }
}
