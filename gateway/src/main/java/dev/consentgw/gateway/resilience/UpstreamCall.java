package dev.consentgw.gateway.resilience;

/**
 * Describes one upstream call to the {@link UpstreamPolicy}.
 *
 * @param provider the provider id, e.g. {@code yapily}
 * @param institutionId the provider's institution id when the call concerns one bank, else null
 * @param operation a short name for logs and metrics, e.g. {@code createConnection}
 * @param idempotent whether the call may safely be repeated (reads and token requests)
 * @param onConsent whether the call reads data under an end user's consent (so a refusal may mean
 *     the consent ended rather than that the gateway's credentials are wrong)
 */
public record UpstreamCall(String provider, String institutionId, String operation, boolean idempotent,
    boolean onConsent) {

  public UpstreamCall(String provider, String institutionId, String operation, boolean idempotent) {
    this(provider, institutionId, operation, idempotent, false);
  }

  /** A read of consented data at one institution. */
  public static UpstreamCall consentRead(String provider, String institutionId, String operation) {
    return new UpstreamCall(provider, institutionId, operation, true, true);
  }

  public static UpstreamCall read(String provider, String operation) {
    return new UpstreamCall(provider, null, operation, true);
  }

  public static UpstreamCall write(String provider, String institutionId, String operation) {
    return new UpstreamCall(provider, institutionId, operation, false);
  }
}
