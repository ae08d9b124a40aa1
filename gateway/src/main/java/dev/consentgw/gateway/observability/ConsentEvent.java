package dev.consentgw.gateway.observability;

/** The consent funnel, as the {@code event} label of {@code cgw_consent_events_total}. */
public enum ConsentEvent {
  CREATED, AUTHORISED, REJECTED, FAILED, REVOKED, EXPIRED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
