package dev.consentgw.gateway.catalogue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code catalogue} section of the configuration, bound as it is; defaults live in
 * {@code gateway-defaults.yaml}.
 *
 * @param freshFor how long a fetched catalogue counts as fresh; after that it is refreshed in the
 *     background while the old copy keeps being served (marked stale)
 * @param retryAfterFailure how long to wait before asking a provider again after a failed refresh
 */
public record CatalogueOptions(Duration freshFor, Duration retryAfterFailure) {

  /** Everything wrong with these options, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (freshFor == null || freshFor.isNegative() || freshFor.isZero()) {
      problems.add(at + ".freshFor must be positive");
    }
    if (retryAfterFailure == null || retryAfterFailure.isNegative()) {
      problems.add(at + ".retryAfterFailure must not be negative");
    }
    return problems;
  }
}
