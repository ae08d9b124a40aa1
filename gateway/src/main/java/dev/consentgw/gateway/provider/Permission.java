package dev.consentgw.gateway.provider;

import java.util.Optional;

/** The gateway's unified permission set; adapters map each to their provider's scopes or features. */
public enum Permission {
  ACCOUNTS("accounts"),
  ACCOUNTS_DETAIL("accounts.detail"),
  BALANCES("balances"),
  TRANSACTIONS("transactions"),
  PAYEES("payees"),
  REGULAR_PAYMENTS("regular_payments"),
  CUSTOMER("customer"),
  CUSTOMER_DETAIL("customer.detail");

  private final String wireName;

  Permission(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Every wire name, comma-separated, in declaration order: for messages listing the valid ones. */
  public static String wireNames() {
    StringBuilder names = new StringBuilder();
    for (Permission p : values()) {
      names.append(names.isEmpty() ? "" : ", ").append(p.wireName);
    }
    return names.toString();
  }

  /** The permission with this wire name; empty for names the gateway does not know (the set is open). */
  public static Optional<Permission> fromWireName(String name) {
    for (Permission p : values()) {
      if (p.wireName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
