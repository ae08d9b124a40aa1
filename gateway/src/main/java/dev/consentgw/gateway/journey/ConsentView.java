package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.store.ConsentRecord;

/**
 * A consent as the journey layer hands it to the facade.
 *
 * @param stale true when the provider could not be reached and the status is the last known one
 * @param authorisationUrl where the tenant sends the user's browser: the provider's page, or the
 *     gateway's entry URL for journeys bound to the browser (see ConsentJourneys#view); null once
 *     the journey is over
 */
public record ConsentView(ConsentRecord record, boolean stale, String authorisationUrl) {
}
