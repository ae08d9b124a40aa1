package dev.consentgw.gateway.observability;

/** How one upstream call attempt ended, as the {@code outcome} label of {@code cgw_upstream_calls}. */
public enum UpstreamOutcome {
  SUCCESS("success"),
  /** No answer within the attempt's time limit. */
  TIMEOUT("timeout"),
  /** No answer at all (connection refused or reset), or an answer that could not be read. */
  TRANSPORT("transport"),
  SERVER_ERROR("5xx"),
  /** A 4xx (including 401 and 429) not blamed on the bank. */
  CLIENT_ERROR("4xx"),
  /** The provider blamed the bank (institution unavailable). */
  BANK_SIDE("bank_side"),
  /** Not sent: a provider or institution circuit breaker is open. */
  REFUSED_BY_BREAKER("refused_by_breaker"),
  /** Not sent: the provider's bulkhead is full. */
  REFUSED_BY_BULKHEAD("refused_by_bulkhead"),
  /** The call failed inside the gateway (a bug), not at the provider. */
  GATEWAY_ERROR("gateway_error");

  private final String label;

  UpstreamOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
