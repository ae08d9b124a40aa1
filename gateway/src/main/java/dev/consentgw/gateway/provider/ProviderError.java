package dev.consentgw.gateway.provider;

/**
 * A provider-neutral description of an upstream failure. It never carries upstream bodies or
 * secrets: {@code detail} is written by the adapter for operators and consumers alike.
 *
 * @param institutionId the provider's institution id when the failure concerns one bank, else null
 * @param upstreamStatus the upstream HTTP status, or 0 when there was no response
 */
public record ProviderError(Kind kind, String provider, String institutionId, int upstreamStatus, String detail) {

  /** What went wrong, as far as the gateway's callers need to know, with the stable code it surfaces as. */
  public enum Kind {
    /** The upstream did not answer in time. */
    TIMEOUT("upstream_timeout"),
    /** Transport failure, 5xx, or an answer that could not be understood. */
    UNAVAILABLE("provider_unavailable"),
    /** The provider says the bank failed or does not support what was asked. */
    INSTITUTION_UNAVAILABLE("institution_unavailable"),
    /** The provider refused our credentials (an operator problem, never the consumer's). */
    AUTHENTICATION("provider_unavailable"),
    /** The provider rejected the request as malformed or not allowed. */
    REJECTED("provider_error"),
    /** The provider does not know the referenced object. */
    NOT_FOUND("provider_error"),
    /**
     * The provider, or the bank behind it, does not offer the operation for this consent (e.g. a
     * renewal): the journey layer names the operation in its own refusal.
     */
    UNSUPPORTED("provider_error"),
    /**
     * The provider says the consent no longer grants access (revoked or expired at the bank or at
     * the provider): an answer about the consent, not a failure of the provider.
     */
    CONSENT_INACTIVE("consent_not_active");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The problem code consumers see for this kind of failure. */
    public String code() {
      return code;
    }
  }
}
