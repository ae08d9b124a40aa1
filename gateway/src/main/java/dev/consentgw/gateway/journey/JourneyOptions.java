package dev.consentgw.gateway.journey;

import java.time.Duration;

/**
 * @param publicBaseUrl the gateway's externally reachable base URL (callbacks are built from it)
 * @param journeyTokenLifetime how long a journey link stays valid (15 minutes by default)
 * @param statusRefreshInterval a consent's status is asked from the provider at most this often
 */
public record JourneyOptions(String publicBaseUrl, Duration journeyTokenLifetime, Duration statusRefreshInterval) {
}
