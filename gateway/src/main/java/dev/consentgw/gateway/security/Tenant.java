package dev.consentgw.gateway.security;

import java.util.Set;

/**
 * A fintech using the gateway: its registered redirect URLs (exact match) and the providers it may use.
 */
public record Tenant(String id, String name, Set<String> redirectUrls, Set<String> providers) {

  public Tenant {
    redirectUrls = Set.copyOf(redirectUrls);
    providers = Set.copyOf(providers);
  }

  public boolean allowsRedirect(String url) {
    return redirectUrls.contains(url);
  }

  public boolean allowsProvider(String provider) {
    return providers.contains(provider);
  }

  /**
   * The user reference as providers see it: scoped to the tenant, so two tenants' user "42" are
   * different people upstream. Tenant ids cannot contain ':', so the first ':' separates the parts.
   */
  public String scopedUserReference(String userReference) {
    return scopedUserReference(id, userReference);
  }

  public static String scopedUserReference(String tenantId, String userReference) {
    return tenantId + ":" + userReference;
  }
}
