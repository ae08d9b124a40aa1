package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.Transaction;

import java.util.List;

/** One page of transactions; {@code more} when further transactions follow the last one. */
public record TransactionSlice(List<Transaction> items, boolean more) {

  public TransactionSlice {
    items = List.copyOf(items);
  }
}
