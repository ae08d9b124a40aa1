package dev.consentgw.gateway.provider;

/** The gateway's unified consent status; adapters map their provider's states onto it. */
public enum ConsentStatus {
  AWAITING_AUTHORIZATION("awaiting_authorization", false),
  AUTHORIZED("authorized", false),
  REJECTED("rejected", true),
  REVOKED("revoked", true),
  EXPIRED("expired", true),
  FAILED("failed", true),
  UNKNOWN("unknown", false);

  private final String wireName;
  private final boolean terminal;

  ConsentStatus(String wireName, boolean terminal) {
    this.wireName = wireName;
    this.terminal = terminal;
  }

  public String wireName() {
    return wireName;
  }

  /** A terminal status never changes again, so it is not refreshed from the provider. */
  public boolean isTerminal() {
    return terminal;
  }
}
