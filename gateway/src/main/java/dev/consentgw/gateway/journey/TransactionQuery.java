package dev.consentgw.gateway.journey;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One page of an account's transactions: booked between {@code from} and {@code to} (UTC dates,
 * inclusive, either may be null), in status {@code pending} (null: both), at most {@code limit},
 * after {@code after} in the order newest first (null: from the newest).
 */
public record TransactionQuery(LocalDate from, LocalDate to, Boolean pending, int limit, Position after) {

  /** A place in the order (bookedAt descending, then id descending): the last transaction already seen. */
  public record Position(Instant bookedAt, String id) {
  }
}
