package dev.consentgw.gateway.journey;

import java.time.Instant;

/**
 * Data read under a consent, with its freshness.
 *
 * @param fetchedAt when the gateway read it from the provider
 * @param lastUpdated when the provider last refreshed its own copy, or null
 */
public record DataView<T>(T data, Instant fetchedAt, Instant lastUpdated) {
}
