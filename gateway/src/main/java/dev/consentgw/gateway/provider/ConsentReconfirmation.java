package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * A reconfirmation the provider recorded.
 *
 * @param lastConfirmedAt the last confirmation the provider holds (at the bank or with the application)
 * @param reconfirmBy the next deadline for a reconfirmation, or null when the provider gives none
 */
public record ConsentReconfirmation(Instant lastConfirmedAt, Instant reconfirmBy) {
}
