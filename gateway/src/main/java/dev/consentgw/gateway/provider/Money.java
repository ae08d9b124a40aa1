package dev.consentgw.gateway.provider;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount of money: an exact decimal and an ISO 4217 currency. Negative is money out. */
public record Money(BigDecimal value, String currency) {

  public Money {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(currency, "currency");
  }
}
