package dev.consentgw.gateway.provider;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One transaction of an account.
 *
 * @param pending true for a pending transaction, false for a booked one
 * @param bookedAt when it was booked (for a pending one, when it was made)
 * @param originalAmount the amount in the currency it was made in, when that differs; else null
 */
public record Transaction(String id, boolean pending, Instant bookedAt, LocalDate valueDate, Money amount,
    Money originalAmount, String description, String reference, String counterparty, String merchant,
    String category) {
}
