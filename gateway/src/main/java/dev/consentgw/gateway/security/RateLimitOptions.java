package dev.consentgw.gateway.security;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code security.rateLimit} section: each tenant's token bucket. Defaults live in
 * {@code gateway-defaults.yaml}.
 *
 * @param requestsPerSecond sustained requests per second per tenant (the bucket's refill rate)
 * @param burst requests a tenant may send at once after a quiet spell (the bucket's size)
 */
public record RateLimitOptions(double requestsPerSecond, int burst) {

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!(requestsPerSecond > 0)) {
      problems.add(at + ".requestsPerSecond must be positive");
    }
    if (burst < 1) {
      problems.add(at + ".burst must be at least 1");
    }
    return problems;
  }
}
