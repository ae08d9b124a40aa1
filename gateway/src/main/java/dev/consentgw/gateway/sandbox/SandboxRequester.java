package dev.consentgw.gateway.sandbox;

import java.util.Map;

/**
 * Names who asks for access on the simulated bank pages: the tenant's display name, as a user
 * expects to see the fintech they came from, rather than an application id at the provider.
 *
 * @param tenantNames tenant id to display name
 */
public record SandboxRequester(Map<String, String> tenantNames) {

  /** Used when the tenant cannot be told apart (several tenants and no user reference to go by). */
  public static final String FALLBACK = "Consent Gateway sandbox app";

  public SandboxRequester {
    tenantNames = Map.copyOf(tenantNames);
  }

  /** A requester with no tenants: every page names the {@link #FALLBACK}. */
  public static SandboxRequester anonymous() {
    return new SandboxRequester(Map.of());
  }

  /**
   * The requester for a user reference sent upstream; the gateway scopes those as
   * {@code <tenant id>:<reference>}.
   */
  public String forUserReference(String scopedReference) {
    int colon = scopedReference == null ? -1 : scopedReference.indexOf(':');
    String name = colon < 0 ? null : tenantNames.get(scopedReference.substring(0, colon));
    return name != null ? name : forAnyTenant();
  }

  /** The requester when the provider passes nothing tenant-specific: the only tenant's name, if one. */
  public String forAnyTenant() {
    return tenantNames.size() == 1 ? tenantNames.values().iterator().next() : FALLBACK;
  }
}
