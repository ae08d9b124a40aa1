package dev.consentgw.gateway.store;

import java.util.Arrays;
import java.util.Optional;

/** What happened to a consent, as named in the event feed and in webhooks. */
public enum ConsentEventType {
  AUTHORIZED("consent.authorized"),
  REJECTED("consent.rejected"),
  FAILED("consent.failed"),
  REVOKED("consent.revoked"),
  EXPIRED("consent.expired"),
  EXPIRING("consent.expiring"),
  REAUTHORISATION_STARTED("consent.reauthorisation_started"),
  REAUTHORISED("consent.reauthorised");

  private final String wireName;

  ConsentEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ConsentEventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
