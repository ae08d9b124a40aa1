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
      return renewal(before, after).map(List::of).orElse(List.of());
    }
    return forStatus(after.status()).map(List::of).orElse(List.of());
  }

  /** A renewal starting, or ending with a fresh authorisation (an abandoned or refused one ends silently). */
  private static Optional<ConsentEventType> renewal(ConsentRecord before, ConsentRecord after) {
    if (before.reauthorisationStartedAt() == null && after.reauthorisationStartedAt() != null) {
      return Optional.of(ConsentEventType.REAUTHORISATION_STARTED);
    }
    boolean renewed = before.reauthorisationStartedAt() != null && after.reauthorisationStartedAt() == null
        && after.status() == ConsentStatus.AUTHORIZED && after.authorizedAt() != null
        && (before.authorizedAt() == null || after.authorizedAt().isAfter(before.authorizedAt()));
    return renewed ? Optional.of(ConsentEventType.REAUTHORISED) : Optional.empty();
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
