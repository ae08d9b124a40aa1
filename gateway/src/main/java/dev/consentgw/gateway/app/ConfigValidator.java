package dev.consentgw.gateway.app;

import dev.consentgw.gateway.events.WebhookEndpoint;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Start-up checks: a gateway with a wrong configuration refuses to start, listing every problem. */
final class ConfigValidator {

  static final Set<String> PROVIDERS = Set.of("wych", "yapily");
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  static final String PUBLIC_BASE_URL = "{publicBaseUrl}";
  /** More listeners than this buys nothing on any machine we know of, and a typo (8000) would cost threads. */
  private static final int MAX_EVENT_LOOPS = 256;

  private ConfigValidator() {
  }

  static void validate(GatewayConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.server().port() < 0 || c.server().port() > 65535) {
      problems.add("server.port must be 0..65535");
    }
    if (!c.server().publicBaseUrl().isEmpty() && !isHttpUrl(c.server().publicBaseUrl())) {
      problems.add("server.publicBaseUrl must be an http(s) URL without trailing slash");
    }
    if (!c.security().tokenEncryptionKey().isEmpty()) {
      try {
        if (Base64.getDecoder().decode(c.security().tokenEncryptionKey()).length != 32) {
          problems.add("security.tokenEncryptionKey must decode to 32 bytes");
        }
      } catch (IllegalArgumentException e) {
        problems.add("security.tokenEncryptionKey is not base64");
      }
    }
    if (c.server().eventLoops() < 0 || c.server().eventLoops() > MAX_EVENT_LOOPS) {
      problems.add("server.eventLoops must be between 0 (one per core) and " + MAX_EVENT_LOOPS);
    }
    if (!c.security().journeyBindingKey().isEmpty()) {
      try {
        if (Base64.getDecoder().decode(c.security().journeyBindingKey()).length < 32) {
          problems.add("security.journeyBindingKey must decode to at least 32 bytes");
        }
      } catch (IllegalArgumentException e) {
        problems.add("security.journeyBindingKey is not base64");
      }
    }
    if (c.server().drainPeriod().isNegative()) {
      problems.add("server.drainPeriod must not be negative");
    }
    problems.addAll(c.server().limits().problems("server.limits"));
    problems.addAll(c.security().rateLimit().problems("security.rateLimit"));
    problems.addAll(c.resilience().problems("resilience"));
    problems.addAll(c.catalogue().problems("catalogue"));
    problems.addAll(c.journeys().problems("journeys"));
    problems.addAll(c.lifecycle().problems("lifecycle"));
    problems.addAll(c.store().problems(!c.security().tokenEncryptionKey().isEmpty()));
    problems.addAll(c.providers().wych().problems("providers.wych"));
    problems.addAll(c.providers().yapily().problems("providers.yapily"));
    problems.addAll(c.metrics().problems("metrics"));
    problems.addAll(c.tracing().problems("tracing"));
    problems.addAll(c.logging().problems("logging"));
    if (c.metrics().enabled() && c.metrics().separatePort() && c.metrics().port() != 0
        && c.metrics().port() == c.server().port()) {
      problems.add("metrics.port must differ from server.port (or be -1 to share it)");
    }
    if (c.providers().wych().enabled() && c.providers().wych().usesSandbox()) {
      requireSandbox(c, "wych", problems);
    }
    if (c.providers().yapily().enabled() && c.providers().yapily().usesSandbox()) {
      requireSandbox(c, "yapily", problems);
    }
    for (GatewayConfig.TenantEntry t : c.tenants()) {
      String where = "tenant '" + t.id() + "'";
      if (t.id() == null || !TENANT_ID.matcher(t.id()).matches()) {
        problems.add(where + ": id must match " + TENANT_ID.pattern());
      }
      if (t.apiKeySha256().isEmpty() || !t.apiKeySha256().stream().allMatch(h -> SHA256_HEX.matcher(h).matches())) {
        problems.add(where + ": apiKeySha256 must list SHA-256 hex digests");
      }
      for (String url : t.redirectUrls()) {
        if (!allowedRedirect(url)) {
          problems.add(where + ": redirect URL " + url + " must be https (http only for localhost)");
        }
      }
      for (String p : t.providers()) {
        if (!PROVIDERS.contains(p)) {
          problems.add(where + ": unknown provider " + p);
        }
      }
    }
    problems.addAll(c.events().problems("events"));
    if (c.sandbox().enabled() && !c.sandbox().webhookSecret().isEmpty()
        && !new WebhookEndpoint("sandbox", "sandbox", "http://localhost/", c.sandbox().webhookSecret(), List.of())
            .problems("sandbox", Set.of("sandbox")).isEmpty()) {
      problems.add("sandbox.webhookSecret must be a whsec_ secret of at least 24 bytes");
    }
    Set<String> tenantIds = new java.util.HashSet<>();
    c.tenants().forEach(t -> tenantIds.add(t.id()));
    Set<String> endpointIds = new java.util.HashSet<>();
    for (int i = 0; i < c.webhooks().size(); i++) {
      WebhookEndpoint w = c.webhooks().get(i);
      String url = w.url() == null ? null : w.url().replace(PUBLIC_BASE_URL, "http://localhost");
      problems.addAll(new WebhookEndpoint(w.id(), w.tenant(), url, w.secret(), w.types())
          .problems("webhooks[" + i + "]", tenantIds));
      if (!endpointIds.add(w.id())) {
        problems.add("webhooks[" + i + "].id " + w.id() + " is used twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  private static void requireSandbox(GatewayConfig c, String provider, List<String> problems) {
    if (!c.sandbox().enabled()) {
      problems.add("providers." + provider + " has no base URL and the sandbox is off: configure the real provider"
          + " (base URL and credentials) or disable it");
    }
  }

  static boolean allowedRedirect(String url) {
    String candidate = url.replace(PUBLIC_BASE_URL, "http://localhost");
    try {
      URI uri = URI.create(candidate);
      if (uri.getHost() == null || uri.getFragment() != null) {
        return false;
      }
      return "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme())
          && (uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1")));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && !url.endsWith("/");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
