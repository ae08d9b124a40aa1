package dev.consentgw.gateway.observability;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code metrics:} section of {@code gateway-defaults.yaml}, where every default is documented.
 *
 * @param path where Prometheus scrapes, outside the facade's authentication
 * @param port -1 to serve {@code path} on the gateway's own port; otherwise a separate listener on
 *     this port (0: any free port), so the metrics need not be reachable where the facade is
 * @param tenantLabel whether facade request metrics carry the tenant id as a label (bounded by the
 *     configured tenants)
 */
public record MetricsOptions(boolean enabled, String path, int port, boolean tenantLabel) {

  /** The separate port's value meaning "the gateway's own port". */
  public static final int SAME_PORT = -1;

  public boolean separatePort() {
    return port != SAME_PORT;
  }

  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (path == null || !path.startsWith("/") || path.startsWith("/v1/") || path.equals("/v1")) {
      problems.add(at + ".path must start with / and lie outside the facade (/v1)");
    }
    if (port < SAME_PORT || port > 65535) {
      problems.add(at + ".port must be -1 (the gateway's port) or 0..65535");
    }
    return problems;
  }
}
