package dev.consentgw.gateway.resilience;

/**
 * Describes one upstream call to the {@link UpstreamPolicy}.
 *
 * @param provider the provider id, e.g. {@code yapily}
 * @param institutionId the provider's institution id when the call concerns one bank, else null
 * @param operation a short name for logs and metrics, e.g. {@code createConnection}
 * @param idempotent whether the call may safely be repeated (reads and token requests)
 */
public record UpstreamCall(String provider, String institutionId, String operation, boolean idempotent) {

  public static UpstreamCall read(String provider, String operation) {
    return new UpstreamCall(provider, null, operation, true);
  }

  public static UpstreamCall write(String provider, String institutionId, String operation) {
    return new UpstreamCall(provider, institutionId, operation, false);
  }
}
