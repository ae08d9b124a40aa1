package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.model.Account;
import dev.consentgw.clients.yapily.model.AccountBalance;
import dev.consentgw.clients.yapily.model.AccountBalanceType;
import dev.consentgw.clients.yapily.model.AccountIdentification;
import dev.consentgw.clients.yapily.model.AccountIdentificationType;
import dev.consentgw.clients.yapily.model.AccountName;
import dev.consentgw.clients.yapily.model.AccountType;
import dev.consentgw.clients.yapily.model.Amount;
import dev.consentgw.clients.yapily.model.CurrencyExchange;
import dev.consentgw.clients.yapily.model.Identity;
import dev.consentgw.clients.yapily.model.IdentityAddress;
import dev.consentgw.clients.yapily.model.Transaction;
import dev.consentgw.clients.yapily.model.TransactionStatusEnum;
import dev.consentgw.clients.yapily.model.UsageType;
import dev.consentgw.gateway.provider.AccountIdentifier;
import dev.consentgw.gateway.provider.Balance;
import dev.consentgw.gateway.provider.Money;

import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Yapily's account data (accounts, balances, transactions, identity) in the gateway's unified terms. */
final class YapilyDataMapper {

  private static final Map<AccountType, String> ACCOUNT_TYPES = Map.of(
      AccountType.CURRENT, "current",
      AccountType.SAVINGS, "savings",
      AccountType.LIMITED_LIQUIDITY_SAVINGS_ACCOUNT, "savings",
      AccountType.CREDIT_CARD, "credit_card",
      AccountType.CHARGE_CARD, "charge_card",
      AccountType.LOAN, "loan",
      AccountType.MORTGAGE, "mortgage",
      AccountType.PREPAID_CARD, "prepaid_card",
      AccountType.E_MONEY, "e_money");
  private static final int HASH_ID_BYTES = 12;

  private YapilyDataMapper() {
  }

  static dev.consentgw.gateway.provider.Account account(Account account) {
    String name = firstNonBlank(account.getNickname(), account.getDescription(),
        account.getAccountNames() == null ? null : account.getAccountNames().stream()
            .filter(Objects::nonNull).map(AccountName::getName).filter(Objects::nonNull).findFirst().orElse(null),
        account.getId());
    String type = account.getAccountType() == null ? "other" : ACCOUNT_TYPES.getOrDefault(account.getAccountType(), "other");
    UsageType usage = account.getUsageType();
    return new dev.consentgw.gateway.provider.Account(account.getId(), name, type, account.getType(),
        usage == null || usage == UsageType.UNKNOWN ? null : usage.getValue().toLowerCase(Locale.ROOT),
        account.getCurrency(), null, identifiers(account.getAccountIdentifications()));
  }

  /** UK sort code and account number become one identifier, as do AU BSB and account number. */
  static List<AccountIdentifier> identifiers(Iterable<AccountIdentification> identifications) {
    List<AccountIdentifier> result = new ArrayList<>();
    if (identifications == null) {
      return result;
    }
    String sortCode = null;
    String bsb = null;
    String number = null;
    for (AccountIdentification id : identifications) {
      if (id == null || id.getType() == null || id.getIdentification() == null) {
        continue;
      }
      String value = id.getIdentification();
      AccountIdentificationType type = id.getType();
      switch (type) {
        case SORT_CODE -> sortCode = value;
        case BSB -> bsb = value;
        case ACCOUNT_NUMBER -> number = value;
        case MASKED_PAN -> result.add(new AccountIdentifier("masked_pan", value, true));
        default -> result.add(new AccountIdentifier(type.getValue().toLowerCase(Locale.ROOT), value, false));
      }
    }
    if (number != null) {
      String scheme = sortCode != null ? "sort_code_account_number" : bsb != null ? "bsb_account_number" : "account_number";
      String prefix = sortCode != null ? sortCode : bsb != null ? bsb : "";
      result.add(0, new AccountIdentifier(scheme, prefix + number, false));
    }
    return result;
  }

  static List<Balance> balances(List<AccountBalance> balances) {
    List<Balance> result = new ArrayList<>();
    if (balances == null) {
      return result;
    }
    for (AccountBalance balance : balances) {
      Money amount = balance == null ? null : money(balance.getBalanceAmount());
      if (amount != null) {
        result.add(new Balance(balanceType(balance.getType()), amount, instant(balance.getDateTime())));
      }
    }
    return result;
  }

  static String balanceType(AccountBalanceType type) {
    if (type == null) {
      return "other";
    }
    String name = type.getValue();
    if (name.endsWith("_BOOKED") || name.endsWith("_CLEARED")) {
      return "current";
    }
    return name.endsWith("_AVAILABLE") ? "available" : "other";
  }

  /** A transaction, or null when it carries no amount (it cannot be shown honestly). */
  static dev.consentgw.gateway.provider.Transaction transaction(Transaction tx) {
    Money amount = money(tx.getTransactionAmount());
    if (amount == null && tx.getAmount() != null && tx.getCurrency() != null) {
      amount = new Money(tx.getAmount(), tx.getCurrency());
    }
    Instant bookedAt = instant(tx.getBookingDateTime() != null ? tx.getBookingDateTime() : tx.getDate());
    if (amount == null || bookedAt == null) {
      return null;
    }
    String description = firstNonBlank(tx.getDescription(),
        tx.getTransactionInformation() == null ? null : String.join(" ", tx.getTransactionInformation()),
        tx.getReference(), "");
    String id = tx.getId() != null && !tx.getId().isBlank() ? tx.getId() : derivedId(bookedAt, amount, description);
    return new dev.consentgw.gateway.provider.Transaction(id, tx.getStatus() == TransactionStatusEnum.PENDING,
        bookedAt, tx.getValueDateTime() == null ? null : tx.getValueDateTime().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(),
        amount, originalAmount(amount, tx.getCurrencyExchange()), description, tx.getReference(), null,
        tx.getMerchant() == null ? null : tx.getMerchant().getMerchantName(), null);
  }

  /**
   * The amount in the currency the payment was made in: Yapily gives the rate from the source
   * currency to the account's ({@code source × rate = amount}), so the source amount is derived,
   * rounded to the source currency's minor unit.
   */
  static Money originalAmount(Money amount, CurrencyExchange exchange) {
    if (exchange == null || exchange.getSourceCurrency() == null || exchange.getExchangeRate() == null
        || exchange.getExchangeRate().signum() == 0 || exchange.getSourceCurrency().equals(amount.currency())) {
      return null;
    }
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(exchange.getSourceCurrency()).getDefaultFractionDigits());
    } catch (IllegalArgumentException unknown) {
      digits = 2;
    }
    return new Money(amount.value().divide(exchange.getExchangeRate(), digits, RoundingMode.HALF_EVEN),
        exchange.getSourceCurrency());
  }

  static dev.consentgw.gateway.provider.Identity identity(Identity identity) {
    List<dev.consentgw.gateway.provider.Identity.Address> addresses = new ArrayList<>();
    if (identity.getAddresses() != null) {
      for (IdentityAddress a : identity.getAddresses()) {
        if (a != null) {
          addresses.add(new dev.consentgw.gateway.provider.Identity.Address(a.getAddressLines(), a.getCity(),
              a.getPostalCode(), a.getCountry()));
        }
      }
    }
    String fullName = identity.getFullName() != null ? identity.getFullName()
        : identity.getFirstName() == null && identity.getLastName() == null ? null
        : String.join(" ", Objects.toString(identity.getFirstName(), ""), Objects.toString(identity.getLastName(), "")).trim();
    return new dev.consentgw.gateway.provider.Identity(fullName, identity.getFirstName(), identity.getLastName(),
        identity.getEmail(), identity.getPhone(), addresses);
  }

  static Money money(Amount amount) {
    return amount == null || amount.getAmount() == null || amount.getCurrency() == null
        ? null : new Money(amount.getAmount(), amount.getCurrency());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /** Some banks send no transaction id: one derived from what identifies the transaction, stable across reads. */
  private static String derivedId(Instant bookedAt, Money amount, String description) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((bookedAt + "|" + amount.value().toPlainString()
          + "|" + amount.currency() + "|" + description).getBytes(StandardCharsets.UTF_8));
      return "h" + HexFormat.of().formatHex(digest, 0, HASH_ID_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
