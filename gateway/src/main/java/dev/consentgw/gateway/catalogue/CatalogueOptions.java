package dev.consentgw.gateway.catalogue;

import java.time.Duration;

/**
 * @param freshFor how long a fetched catalogue counts as fresh; after that it is refreshed in the
 *     background while the old copy keeps being served (marked stale)
 * @param retryAfterFailure how long to wait before asking a provider again after a failed refresh
 */
public record CatalogueOptions(Duration freshFor, Duration retryAfterFailure) {
}
