package dev.consentgw.gateway.journey;

import java.util.List;

/**
 * A request the journey layer refuses, with a reason the facade turns into a problem document.
 * No stack trace: these are expected outcomes, not bugs.
 *
 * @param pointer for {@link Reason#INVALID_INPUT}, the JSON Pointer of the offending input
 */
public final class JourneyFailure extends RuntimeException {

  /** Why a request was refused; each maps to one stable problem code. */
  public enum Reason {
    INVALID_INPUT,
    INSTITUTION_NOT_FOUND,
    INSTITUTION_NOT_CONNECTABLE,
    PERMISSION_NOT_SUPPORTED,
    REDIRECT_URL_NOT_ALLOWED,
    PROVIDER_NOT_ENABLED,
    CONSENT_NOT_FOUND,
    IDEMPOTENCY_CONFLICT,
    IDEMPOTENCY_IN_PROGRESS,
    CALLBACK_INVALID,
    JOURNEY_NOT_FOUND,
    JOURNEY_ALREADY_COMPLETED,
    JOURNEY_EXPIRED,
    JOURNEY_BINDING_MISSING,
    CONSENT_NOT_ACTIVE,
    PERMISSION_NOT_GRANTED,
    ACCOUNT_NOT_FOUND,
    REAUTHORISATION_NOT_SUPPORTED,
    RECONFIRMATION_NOT_SUPPORTED,
    REVOCATION_UNCONFIRMED
  }

  private final Reason reason;
  private final String provider;
  private final List<String> pointers;

  public JourneyFailure(Reason reason, String detail) {
    this(reason, detail, null, List.of());
  }

  public JourneyFailure(Reason reason, String detail, String provider, List<String> pointers) {
    super(detail, null, false, false);
    this.reason = reason;
    this.provider = provider;
    this.pointers = List.copyOf(pointers);
  }

  public Reason reason() {
    return reason;
  }

  /** The provider concerned, when there is one. */
  public String provider() {
    return provider;
  }

  /** JSON Pointers of the inputs at fault, for validation-style failures. */
  public List<String> pointers() {
    return pointers;
  }
}
