package dev.consentgw.gateway.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code journeys} section of the configuration, bound as it is; defaults live in
 * {@code gateway-defaults.yaml}.
 *
 * @param tokenLifetime how long a journey link (the callback's one-time token) stays valid
 * @param statusRefreshInterval a consent's status is asked from the provider at most this often
 * @param idempotencyRetention how long {@code Idempotency-Key} records are kept
 * @param maxTransactionsPerRead the most transactions read from a provider for one page of
 *     {@code listTransactions} (the facade pages within them)
 */
public record JourneyOptions(Duration tokenLifetime, Duration statusRefreshInterval, Duration idempotencyRetention,
    int maxTransactionsPerRead) {

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!positive(tokenLifetime)) {
      problems.add(at + ".tokenLifetime must be positive");
    }
    if (statusRefreshInterval == null || statusRefreshInterval.isNegative()) {
      problems.add(at + ".statusRefreshInterval must not be negative");
    }
    if (!positive(idempotencyRetention)) {
      problems.add(at + ".idempotencyRetention must be positive");
    }
    if (maxTransactionsPerRead < 1) {
      problems.add(at + ".maxTransactionsPerRead must be positive");
    }
    return problems;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
