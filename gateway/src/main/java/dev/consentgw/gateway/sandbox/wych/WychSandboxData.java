package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.SandboxLedger.Account;
import dev.consentgw.gateway.sandbox.SandboxLedger.Book;
import dev.consentgw.gateway.sandbox.SandboxLedger.Entry;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.IssuedToken;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.SandboxConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Customer Data operations of wych.yaml (paths unverified) over the {@link SandboxLedger}: a
 * user's accounts are those of the data holders the user has an ACTIVE connection to, in Wych's
 * published shapes (bare arrays, JSON number amounts, DEBIT/CREDIT direction). Without an ACTIVE
 * connection to the account's data holder, a read answers 403 with the CDS error
 * {@code urn:au-cds:error:cds-all:Authorisation/RevokedConsent}.
 */
final class WychSandboxData {

  static final String REVOKED_CONSENT = "urn:au-cds:error:cds-all:Authorisation/RevokedConsent";

  private final WychSandboxState state;
  private final SandboxLedger ledger;

  WychSandboxData(WychSandboxState state, SandboxLedger ledger) {
    this.state = state;
    this.ledger = ledger;
  }

  /** What one account belongs to: the user's connection to its data holder and that holder's book. */
  private record Owned(SandboxConnection connection, Book book, Account account) {
  }

  void listAccounts(RoutingContext rc, IssuedToken token, UUID connectionFilter) {
    JsonArray result = new JsonArray();
    for (SandboxConnection connection : active(token.user())) {
      if (connectionFilter != null && !connectionFilter.equals(connection.id())) {
        continue;
      }
      Book book = ledger.book(token.user().toString(), connection.dataHolder().toString());
      book.accounts().forEach(account -> result.add(accountJson(connection, account)));
    }
    WychSandboxResponses.json(rc, 200, result);
  }

  void getAccount(RoutingContext rc, IssuedToken token, UUID accountId) {
    owned(rc, token, accountId).ifPresent(owned -> WychSandboxResponses.json(rc, 200,
        accountJson(owned.connection(), owned.account())));
  }

  void listBalances(RoutingContext rc, IssuedToken token, UUID accountId) {
    owned(rc, token, accountId).ifPresent(owned -> {
      Account account = owned.account();
      JsonObject balance = new JsonObject()
          .put("id", UUID.nameUUIDFromBytes(("balance|" + account.id()).getBytes(StandardCharsets.UTF_8)).toString())
          .put("account", account.id())
          .put("date", state.now().toString())
          .put("amount", money(owned.book().booked(account), account.currency()));
      if (account.creditLimit() != null) {
        balance.put("creditAvailable", owned.book().available(account));
      }
      WychSandboxResponses.json(rc, 200, new JsonArray().add(balance));
    });
  }

  void listTransactions(RoutingContext rc, IssuedToken token, UUID accountId) {
    owned(rc, token, accountId).ifPresent(owned -> {
      JsonArray result = new JsonArray();
      for (Entry e : owned.book().entries(owned.account().id())) {
        JsonObject tx = new JsonObject()
            .put("id", e.id())
            .put("account", owned.account().id())
            .put("reference", e.description())
            .put("type", e.amount().signum() < 0 ? "DEBIT" : "CREDIT")
            .put("subtype", subtype(e))
            .put("status", e.pending() ? "PENDING" : "POSTED")
            // Wych states the direction in type; the sandbox sends magnitudes.
            .put("amount", money(e.amount().abs(), owned.account().currency()))
            .put("datetime", e.at().toString());
        if (e.originalCurrency() != null) {
          tx.put("original", money(e.originalAmount().abs(), e.originalCurrency())).put("exchangeRate", e.rate());
        }
        String party = e.counterparty() != null ? e.counterparty() : e.merchant();
        if (party != null) {
          tx.put("thirdParty", new JsonObject().put("name", party).put("role", e.amount().signum() < 0 ? "PAYEE" : "PAYER"));
        }
        result.add(tx);
      }
      WychSandboxResponses.json(rc, 200, result);
    });
  }

  void getCustomer(RoutingContext rc, IssuedToken token) {
    List<SandboxConnection> active = active(token.user());
    if (active.isEmpty()) {
      revoked(rc);
      return;
    }
    SandboxLedger.Holder holder = ledger.book(token.user().toString(), active.get(0).dataHolder().toString()).holder();
    WychSandboxResponses.json(rc, 200, new JsonObject()
        .put("firstName", holder.firstName())
        .put("lastName", holder.lastName())
        .put("email", holder.email())
        .put("phone", holder.phone())
        .put("addresses", new JsonArray().add(new JsonObject()
            .put("addressLines", new JsonArray().add(holder.street()))
            .put("city", holder.city())
            .put("postcode", holder.postalCode())
            .put("country", holder.country()))));
  }

  /** The account among the user's connections: 404 when the user has none such, 403 when its connection ended. */
  private Optional<Owned> owned(RoutingContext rc, IssuedToken token, UUID accountId) {
    boolean ended = false;
    for (SandboxConnection connection : state.connectionsOf(token.user())) {
      Book book = ledger.book(token.user().toString(), connection.dataHolder().toString());
      Optional<Account> account = book.account(accountId.toString());
      if (account.isPresent()) {
        if (WychSandboxState.ACTIVE.equals(connection.state())) {
          return Optional.of(new Owned(connection, book, account.get()));
        }
        ended = true;
      }
    }
    if (ended) {
      revoked(rc);
    } else {
      WychSandboxResponses.error(rc, 404, "Account not found");
    }
    return Optional.empty();
  }

  private List<SandboxConnection> active(UUID user) {
    return state.connectionsOf(user).stream().filter(c -> WychSandboxState.ACTIVE.equals(c.state())).toList();
  }

  private static void revoked(RoutingContext rc) {
    WychSandboxResponses.json(rc, 403, new JsonObject().put("errors", new JsonArray().add(new JsonObject()
        .put("code", REVOKED_CONSENT)
        .put("title", "Consent Is Revoked")
        .put("detail", "The consent for this data has been revoked or has expired."))));
  }

  private static JsonObject accountJson(SandboxConnection connection, Account account) {
    JsonArray numbers = new JsonArray();
    if (account.pan() != null) {
      numbers.add(new JsonObject().put("scheme", "MASKED").put("number", "xxxx xxxx xxxx " + account.pan().substring(12)));
    } else if (connection.scopes().contains("bank:accounts.detail:read")) {
      numbers.add(new JsonObject().put("scheme", "BSB_NO").put("number", account.branch() + account.number()));
    } else {
      numbers.add(new JsonObject().put("scheme", "MASKED").put("number", "xxx-xxx xxxx" + account.number().substring(4)));
    }
    String subtype = switch (account.kind()) {
      case "savings" -> "SAVINGS";
      case "credit_card" -> "CREDITCARD";
      default -> "CURRENTACCOUNT";
    };
    return new JsonObject()
        .put("id", account.id())
        .put("dataholder", connection.dataHolder().toString())
        .put("user", connection.user().toString())
        .put("connection", connection.id().toString())
        .put("currency", account.currency())
        .put("status", "OPEN")
        .put("type", "PERSONAL")
        .put("subtype", subtype)
        .put("name", account.name())
        .put("accountNumber", numbers);
  }

  private static String subtype(Entry e) {
    return switch (e.category() == null ? "" : e.category()) {
      case "interest" -> "INTEREST";
      case "transfer", "repayment" -> "TRANSFER";
      case "housing" -> "DIRECTDEBIT";
      default -> "PAYMENT";
    };
  }

  private static JsonObject money(BigDecimal amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
