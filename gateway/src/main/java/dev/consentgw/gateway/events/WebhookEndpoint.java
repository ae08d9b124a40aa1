package dev.consentgw.gateway.events;

import dev.consentgw.gateway.store.ConsentEventType;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One entry of the {@code webhooks:} section: where one tenant's events are sent.
 *
 * @param id stable name of the endpoint (delivery records refer to it)
 * @param secret the signing secret in Standard Webhooks form, {@code whsec_<base64>}; from the
 *     environment ({@code secret: ${MY_WEBHOOK_SECRET}})
 * @param types the event types sent there; empty for all
 */
public record WebhookEndpoint(String id, String tenant, String url, String secret, List<String> types) {

  public WebhookEndpoint {
    types = types == null ? List.of() : List.copyOf(types);
  }

  public boolean wants(ConsentEventType type) {
    return types.isEmpty() || types.contains(type.wireName());
  }

  /** Every problem with this entry; empty when it is usable. */
  public List<String> problems(String at, Set<String> tenants) {
    List<String> problems = new ArrayList<>();
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
      problems.add(at + ".id must be 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    if (tenant == null || !tenants.contains(tenant)) {
      problems.add(at + ".tenant must name a configured tenant");
    }
    URI uri = null;
    try {
      uri = url == null ? null : URI.create(url);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme())
        || "http".equals(uri.getScheme()) && "localhost".equals(uri.getHost()))) {
      problems.add(at + ".url must be an https URL (plain http only for localhost)");
    }
    if (!WebhookSignature.isSecret(secret)) {
      problems.add(at + ".secret must be a Standard Webhooks secret, whsec_ followed by base64 of at least 24 bytes"
          + " (set it from the environment)");
    }
    for (String type : types) {
      if (ConsentEventType.fromWireName(type).isEmpty()) {
        problems.add(at + ".types: unknown event type " + type);
      }
    }
    return problems;
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + id + ", tenant=" + tenant + ", " + url + ", secret=<set>, types=" + types + "]";
  }
}
