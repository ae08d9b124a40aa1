package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.store.ConsentRecord;

/**
 * A consent as the journey layer hands it to the facade.
 *
 * @param stale true when the provider could not be reached and the status is the last known one
 */
public record ConsentView(ConsentRecord record, boolean stale) {
}
