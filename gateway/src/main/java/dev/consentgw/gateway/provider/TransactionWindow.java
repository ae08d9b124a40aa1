package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * Which transactions to read: booked at or after {@code from} and at or before {@code before}
 * (either may be null for open-ended), at most {@code max} of them, newest first.
 */
public record TransactionWindow(Instant from, Instant before, int max) {
}
