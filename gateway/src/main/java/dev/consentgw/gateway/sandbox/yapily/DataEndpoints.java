package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.SandboxLedger.Account;
import dev.consentgw.gateway.sandbox.SandboxLedger.Book;
import dev.consentgw.gateway.sandbox.SandboxLedger.Entry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Yapily's Financial Data operations ({@code GET /accounts}, {@code /accounts/{id}},
 * {@code /accounts/{id}/balances}, {@code /accounts/{id}/transactions}, {@code /identity}) over the
 * {@link SandboxLedger}: the consent token in the {@code consent} header selects the user and
 * institution, its feature scope what may be read. A consent that ended, or that the bank revoked
 * (sandbox control), answers 403 as Yapily does; a bank set failing answers 424 with its error.
 */
final class DataEndpoints {

  private static final int MAX_LIMIT = 1000;
  private static final DateTimeFormatter FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private final YapilySandboxState state;
  private final SandboxLedger ledger;

  DataEndpoints(YapilySandboxState state, SandboxLedger ledger) {
    this.state = state;
    this.ledger = ledger;
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getAccounts", this::accounts,
        "getAccount", this::account,
        "getAccountBalances", this::balances,
        "getTransactions", this::transactions,
        "getIdentity", this::identity);
  }

  private void accounts(RoutingContext rc) {
    Book book = book(rc, "ACCOUNTS");
    JsonArray data = new JsonArray();
    book.accounts().forEach(account -> data.add(accountJson(book, account)));
    YapilyResponses.json(rc, 200, new JsonObject()
        .put("meta", new JsonObject().put("tracingId", YapilyResponses.tracingId()).put("count", data.size()))
        .put("data", data));
  }

  private void account(RoutingContext rc) {
    Book book = book(rc, "ACCOUNT");
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(accountJson(book, account(rc, book))));
  }

  private void balances(RoutingContext rc) {
    Book book = book(rc, "ACCOUNT_BALANCES");
    Account account = account(rc, book);
    JsonArray balances = new JsonArray()
        .add(balance("INTERIM_BOOKED", book.booked(account), account.currency()))
        .add(balance("INTERIM_AVAILABLE", book.available(account), account.currency()));
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(new JsonObject()
        .put("mainBalanceAmount", amount(book.booked(account), account.currency()))
        .put("balances", balances)));
  }

  private void transactions(RoutingContext rc) {
    Book book = book(rc, "ACCOUNT_TRANSACTIONS");
    Account account = account(rc, book);
    Instant from = time(rc, "from");
    Instant before = time(rc, "before");
    Integer limitParam = ValidatedInputs.integer(rc, "limit");
    Integer offsetParam = ValidatedInputs.integer(rc, "offset");
    String sort = queryString(rc, "sort");
    int limit = limitParam == null ? MAX_LIMIT : limitParam;
    int offset = offsetParam == null ? 0 : offsetParam;
    if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
      throw SimulatorError.legacy(400, "limit must be 1 to " + MAX_LIMIT + " and offset not negative.");
    }
    List<Entry> matching = new ArrayList<>(book.entries(account.id()).stream()
        .filter(e -> from == null || !e.at().isBefore(from))
        .filter(e -> before == null || !e.at().isAfter(before))
        .toList());
    if ("date".equals(sort)) {
      Collections.reverse(matching);
    }
    JsonArray page = new JsonArray();
    matching.stream().skip(offset).limit(limit).forEach(e -> page.add(transactionJson(e, account.currency())));
    YapilyResponses.json(rc, 200, new JsonObject()
        .put("meta", new JsonObject()
            .put("tracingId", YapilyResponses.tracingId())
            .put("count", page.size())
            .put("pagination", new JsonObject()
                .put("totalCount", matching.size())
                .put("self", new JsonObject().put("limit", limit).put("sort", sort == null ? "-date" : sort)
                    .put("offset", offset))))
        .put("data", page));
  }

  private void identity(RoutingContext rc) {
    SandboxLedger.Holder holder = book(rc, "IDENTITY").holder();
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(new JsonObject()
        .put("firstName", holder.firstName())
        .put("lastName", holder.lastName())
        .put("fullName", holder.firstName() + " " + holder.lastName())
        .put("email", holder.email())
        .put("phone", holder.phone())
        .put("addresses", new JsonArray().add(new JsonObject()
            .put("addressLines", new JsonArray().add(holder.street()))
            .put("city", holder.city())
            .put("postalCode", holder.postalCode())
            .put("country", holder.country())))));
  }

  /** The ledger of the consent in the {@code consent} header, after Yapily's checks. */
  private Book book(RoutingContext rc, String feature) {
    SimulatedConsent consent = state.consentByToken(ValidatedInputs.header(rc, "consent"))
        .orElseThrow(() -> SimulatorError.legacy(401, "The consent token is not valid."));
    if (!consent.grantsAccess(state.now()) || state.revokedAtBank(consent.id())) {
      throw SimulatorError.legacy(403, "The consent is no longer valid.");
    }
    if (!consent.featureScope().contains(feature)) {
      throw SimulatorError.legacy(400, "The consent's feature scope does not include " + feature + ".");
    }
    if (state.bankFailing(consent.institutionId())) {
      throw SimulatorError.legacyInstitution(424, "The institution failed to answer.",
          SimulatorError.institutionError("{\"error\":\"service temporarily unavailable\"}", 503));
    }
    return ledger.book(consent.user().applicationUserId(), consent.institutionId());
  }

  private static Account account(RoutingContext rc, Book book) {
    return book.account(rc.pathParam("accountId"))
        .orElseThrow(() -> SimulatorError.legacy(404, "Account not found."));
  }

  private static JsonObject accountJson(Book book, Account account) {
    JsonArray identifications = new JsonArray();
    if (account.pan() != null) {
      identifications.add(new JsonObject().put("type", "PAN").put("identification", account.pan()));
    } else {
      identifications.add(new JsonObject().put("type", "SORT_CODE").put("identification", account.branch()));
      identifications.add(new JsonObject().put("type", "ACCOUNT_NUMBER").put("identification", account.number()));
    }
    String accountType = switch (account.kind()) {
      case "savings" -> "SAVINGS";
      case "credit_card" -> "CREDIT_CARD";
      default -> "CURRENT";
    };
    return new JsonObject()
        .put("id", account.id())
        .put("type", "Personal - " + account.name())
        .put("description", account.name())
        .put("currency", account.currency())
        .put("usageType", "PERSONAL")
        .put("accountType", accountType)
        .put("accountNames", new JsonArray().add(new JsonObject()
            .put("name", book.holder().firstName() + " " + book.holder().lastName())))
        .put("accountIdentifications", identifications)
        .put("accountBalances", new JsonArray()
            .add(balance("INTERIM_BOOKED", book.booked(account), account.currency())));
  }

  private static JsonObject transactionJson(Entry e, String currency) {
    JsonObject json = new JsonObject()
        .put("id", e.id())
        .put("date", e.at().toString())
        .put("bookingDateTime", e.at().toString())
        .put("status", e.pending() ? "PENDING" : "BOOKED")
        .put("amount", e.amount())
        .put("currency", currency)
        .put("transactionAmount", amount(e.amount(), currency))
        .put("description", e.description());
    if (!e.pending()) {
      json.put("valueDateTime", e.at().toString());
    }
    if (e.merchant() != null) {
      json.put("merchant", new JsonObject().put("merchantName", e.merchant()));
    }
    if (e.originalCurrency() != null) {
      json.put("currencyExchange", new JsonObject()
          .put("sourceCurrency", e.originalCurrency())
          .put("targetCurrency", currency)
          .put("unitCurrency", e.originalCurrency())
          .put("exchangeRate", e.rate()));
    }
    return json;
  }

  private static JsonObject balance(String type, BigDecimal value, String currency) {
    return new JsonObject().put("type", type).put("balanceAmount", amount(value, currency));
  }

  private static JsonObject amount(BigDecimal value, String currency) {
    return new JsonObject().put("amount", value).put("currency", currency);
  }

  private static String queryString(RoutingContext rc, String name) {
    return rc.queryParams().get(name);
  }

  /** Yapily's filter format, {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ}; ISO 8601 is accepted too. */
  private static Instant time(RoutingContext rc, String name) {
    String value = queryString(rc, name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, FILTER_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException again) {
        throw SimulatorError.legacy(400, name + " is not a date-time.");
      }
    }
  }
}
