package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.model.Account;
import dev.consentgw.clients.wych.model.AccountNumber;
import dev.consentgw.clients.wych.model.Balance;
import dev.consentgw.clients.wych.model.Customer;
import dev.consentgw.clients.wych.model.CustomerAddress;
import dev.consentgw.clients.wych.model.Money;
import dev.consentgw.clients.wych.model.Transaction;
import dev.consentgw.gateway.provider.AccountIdentifier;
import dev.consentgw.gateway.provider.Identity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Wych's customer data (published schemas: Account, Balance, Transaction; an unverified customer
 * shape) in the gateway's unified terms. Every value set is open.
 */
final class WychDataMapper {

  private static final Map<String, String> SUBTYPES = Map.ofEntries(
      Map.entry("CURRENTACCOUNT", "current"),
      Map.entry("SAVINGS", "savings"),
      Map.entry("CREDITCARD", "credit_card"),
      Map.entry("CHARGECARD", "charge_card"),
      Map.entry("LOAN", "loan"),
      Map.entry("MORTGAGE", "mortgage"),
      Map.entry("PREPAIDCARD", "prepaid_card"),
      Map.entry("EMONEY", "e_money"),
      Map.entry("INVESTMENT", "investment"),
      Map.entry("PENSION", "pension"));
  private static final Map<String, String> SCHEMES = Map.of(
      "BSB_NO", "bsb_account_number",
      "IBAN", "iban",
      "PAN", "pan",
      "SORTCODE", "sort_code_account_number");

  private WychDataMapper() {
  }

  static dev.consentgw.gateway.provider.Account account(Account account) {
    String subtype = upper(account.getSubtype());
    String type = SUBTYPES.getOrDefault(subtype, "other");
    String usage = switch (upper(account.getType())) {
      case "PERSONAL" -> "personal";
      case "BUSINESS" -> "business";
      default -> null;
    };
    String status = switch (upper(account.getStatus())) {
      case "OPEN" -> "open";
      case "CLOSED" -> "closed";
      default -> null;
    };
    String name = account.getNickname() != null && !account.getNickname().isBlank() ? account.getNickname()
        : account.getName() != null ? account.getName() : account.getId().toString();
    List<AccountIdentifier> identifiers = new ArrayList<>();
    if (account.getAccountNumber() != null) {
      for (AccountNumber number : account.getAccountNumber()) {
        if (number != null && number.getScheme() != null && number.getNumber() != null) {
          identifiers.add(identifier(number, type));
        }
      }
    }
    return new dev.consentgw.gateway.provider.Account(account.getId().toString(), name, type, account.getSubtype(),
        usage, account.getCurrency(), status, identifiers);
  }

  /** Wych's MASKED scheme says only that the number is masked: a card's is a masked PAN. */
  private static AccountIdentifier identifier(AccountNumber number, String accountType) {
    String scheme = upper(number.getScheme());
    if (scheme.equals("MASKED")) {
      boolean card = accountType.endsWith("_card");
      return new AccountIdentifier(card ? "masked_pan" : "bsb_account_number", number.getNumber(), true);
    }
    return new AccountIdentifier(SCHEMES.getOrDefault(scheme, scheme.toLowerCase(Locale.ROOT)),
        number.getNumber(), false);
  }

  static List<dev.consentgw.gateway.provider.Balance> balances(List<Balance> balances) {
    List<dev.consentgw.gateway.provider.Balance> result = new ArrayList<>();
    for (Balance balance : balances) {
      dev.consentgw.gateway.provider.Money amount = balance == null ? null : money(balance.getAmount());
      if (amount == null) {
        continue;
      }
      Instant at = balance.getDate() == null ? null : balance.getDate().toInstant();
      result.add(new dev.consentgw.gateway.provider.Balance("current", amount, at));
      if (balance.getCreditAvailable() != null) {
        result.add(new dev.consentgw.gateway.provider.Balance("credit_available",
            new dev.consentgw.gateway.provider.Money(balance.getCreditAvailable(), amount.currency()), at));
      }
    }
    return result;
  }

  /**
   * A transaction, or null without id, time or amount. Wych does not say how {@code amount} is
   * signed but gives the direction in {@code type}: a DEBIT is made negative, a CREDIT positive.
   */
  static dev.consentgw.gateway.provider.Transaction transaction(Transaction tx) {
    dev.consentgw.gateway.provider.Money amount = money(tx.getAmount());
    if (tx.getId() == null || tx.getDatetime() == null || amount == null) {
      return null;
    }
    String direction = upper(tx.getType());
    dev.consentgw.gateway.provider.Money signed = signed(amount, direction);
    dev.consentgw.gateway.provider.Money original = money(tx.getOriginal());
    if (original != null && original.currency().equals(signed.currency())) {
      original = null;
    }
    String subtype = tx.getSubtype() == null ? null : tx.getSubtype().toLowerCase(Locale.ROOT);
    return new dev.consentgw.gateway.provider.Transaction(tx.getId().toString(),
        "PENDING".equals(upper(tx.getStatus())), tx.getDatetime().toInstant(), null, signed,
        original == null ? null : signed(original, direction),
        Objects.toString(tx.getReference(), ""), null,
        tx.getThirdParty() == null ? null : tx.getThirdParty().getName(), null, subtype);
  }

  private static dev.consentgw.gateway.provider.Money signed(dev.consentgw.gateway.provider.Money money,
      String direction) {
    BigDecimal value = money.value();
    if (direction.equals("DEBIT")) {
      value = value.abs().negate();
    } else if (direction.equals("CREDIT")) {
      value = value.abs();
    }
    return new dev.consentgw.gateway.provider.Money(value, money.currency());
  }

  static Identity identity(Customer customer) {
    List<Identity.Address> addresses = new ArrayList<>();
    if (customer.getAddresses() != null) {
      for (CustomerAddress a : customer.getAddresses()) {
        if (a != null) {
          addresses.add(new Identity.Address(a.getAddressLines(), a.getCity(), a.getPostcode(), a.getCountry()));
        }
      }
    }
    String full = String.join(" ", Objects.toString(customer.getFirstName(), ""),
        Objects.toString(customer.getLastName(), "")).trim();
    return new Identity(full.isEmpty() ? null : full, customer.getFirstName(), customer.getLastName(),
        customer.getEmail(), customer.getPhone(), addresses);
  }

  private static dev.consentgw.gateway.provider.Money money(Money money) {
    return money == null || money.getAmount() == null || money.getCurrency() == null
        ? null : new dev.consentgw.gateway.provider.Money(money.getAmount(), money.getCurrency());
  }

  private static String upper(String value) {
    return value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
  }
}
