package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentStatus;

import java.util.List;
import java.util.Optional;

/**
 * Which events a committed change of one consent produces: a pure function of the consent before
 * and after the change, so every path that changes a consent (journey, tracking, revocation) is
 * covered by going through {@link ConsentStore#update} or {@link ConsentStore#insert}.
 */
public final class ConsentChangeEvents {

  private ConsentChangeEvents() {
  }

  /** @param before null when the consent is new */
  public static List<ConsentEventType> of(ConsentRecord before, ConsentRecord after) {
    if (before != null && before.status() == after.status()) {
      return List.of();
    }
    return forStatus(after.status()).map(List::of).orElse(List.of());
  }

  private static Optional<ConsentEventType> forStatus(ConsentStatus status) {
    return Optional.ofNullable(switch (status) {
      case AUTHORIZED -> ConsentEventType.AUTHORIZED;
      case REJECTED -> ConsentEventType.REJECTED;
      case FAILED -> ConsentEventType.FAILED;
      case REVOKED -> ConsentEventType.REVOKED;
      case EXPIRED -> ConsentEventType.EXPIRED;
      case AWAITING_AUTHORIZATION, UNKNOWN -> null;
    });
  }
}
