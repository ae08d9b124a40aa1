package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.sandbox.BankConsentPage;
import dev.consentgw.gateway.sandbox.SandboxRequester;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.Change;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.SandboxConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The simulated data holder's consent page for a connection, and the approve and deny posts that
 * end it: the connection becomes ACTIVE or REJECTED and the browser is sent (303) to the app's
 * callback URL with {@code connection}, {@code state} and {@code user}, as Wych does. End-to-end
 * tests rely on {@code <authorisationUrl>/approve} and {@code <authorisationUrl>/deny}.
 */
final class WychSandboxBank {

  private static final String PROVIDER = "Wych sandbox";

  /** What each scope shares, in the words of the CDR's data language standards (abridged). */
  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry("openid", "Confirmation of your identity at the bank"),
      Map.entry("profile", "Your name"),
      Map.entry("bank:accounts.basic:read", "Account name, type and balance"),
      Map.entry("bank:accounts.detail:read", "Account numbers, interest rates, fees, discounts and account terms"),
      Map.entry("bank:transactions:read", "Transaction details: incoming and outgoing transactions"),
      Map.entry("bank:payees:read", "Saved payees: names and details of people and organisations you pay"),
      Map.entry("bank:regular_payments:read", "Direct debits and scheduled payments"),
      Map.entry("common:customer.basic:read", "Name and occupation"),
      Map.entry("common:customer.detail:read", "Contact details: phone, email and address"),
      Map.entry("energy:electricity.servicepoints.basic:read", "Electricity connection: National Meter Identifier"),
      Map.entry("energy:electricity.servicepoints.detail:read", "Electricity meter details and configuration"),
      Map.entry("energy:electricity.usage:read", "Electricity usage"),
      Map.entry("energy:electricity.der:read", "Energy generation and storage (solar panels, batteries)"),
      Map.entry("energy:accounts.basic:read", "Energy account and plan information"),
      Map.entry("energy:accounts.detail:read", "Energy account and plan details: tariffs, fees and discounts"),
      Map.entry("energy:accounts.paymentschedule:read", "Energy payment preferences"),
      Map.entry("energy:accounts.concessions:read", "Energy concessions and assistance"),
      Map.entry("energy:billing:read", "Energy billing payments and history"));

  private final WychSandboxState state;
  private final WychSandboxCatalogue catalogue;
  private final WychSimulatorOptions options;
  private final SandboxRequester requester;

  WychSandboxBank(WychSandboxState state, WychSandboxCatalogue catalogue, WychSimulatorOptions options,
      SandboxRequester requester) {
    this.state = state;
    this.catalogue = catalogue;
    this.options = options;
    this.requester = requester;
  }

  /** The page's path below the simulator's mount point. */
  static String pagePath(UUID connectionId) {
    return "/bank/" + connectionId;
  }

  void mount(Router router) {
    router.get("/bank/:connectionId").handler(this::page);
    router.post("/bank/:connectionId/approve").handler(rc -> decide(rc, WychSandboxState.ACTIVE));
    router.post("/bank/:connectionId/deny").handler(rc -> decide(rc, WychSandboxState.REJECTED));
  }

  private void page(RoutingContext rc) {
    Optional<SandboxConnection> found = connectionId(rc).flatMap(state::connection);
    if (found.isEmpty()) {
      unknown(rc);
      return;
    }
    SandboxConnection connection = found.get();
    if (!WychSandboxState.PENDING.equals(connection.state())) {
      decided(rc, connection);
      return;
    }
    String bankName = catalogue.dataHolder(connection.dataHolder())
        .map(WychSandboxCatalogue.SandboxDataHolder::name)
        .orElse("Sandbox data holder");
    List<String> items = connection.scopes().stream().map(s -> DESCRIPTIONS.getOrDefault(s, s)).toList();
    String page = WychSimulator.baseUrl(rc) + pagePath(connection.id());
    WychSandboxResponses.html(rc, 200,
        new BankConsentPage(bankName, requester.forAnyTenant(), PROVIDER, null, items, page + "/approve",
            page + "/deny").render());
  }

  private void decide(RoutingContext rc, String decision) {
    Optional<Change> change = connectionId(rc)
        .flatMap(id -> state.transition(id, Set.of(WychSandboxState.PENDING), decision));
    if (change.isEmpty()) {
      unknown(rc);
    } else if (!change.get().changed()) {
      decided(rc, change.get().after());
    } else {
      SandboxConnection connection = change.get().after();
      rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, callback(connection)).end();
    }
  }

  /** The app's callback URL with the parameters Wych adds (see CallbackParameters in wych.yaml). */
  private String callback(SandboxConnection connection) {
    String url = options.callbackUrl();
    return url + (url.contains("?") ? "&" : "?")
        + "connection=" + encode(connection.id().toString())
        + "&state=" + encode(connection.state())
        + "&user=" + encode(connection.user().toString());
  }

  private static Optional<UUID> connectionId(RoutingContext rc) {
    try {
      return Optional.of(UUID.fromString(rc.pathParam("connectionId")));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private static void unknown(RoutingContext rc) {
    WychSandboxResponses.htmlMessage(rc, 404, "Unknown consent request",
        "This bank has no consent request with that id.");
  }

  private static void decided(RoutingContext rc, SandboxConnection connection) {
    WychSandboxResponses.htmlMessage(rc, 409, "Consent request already decided",
        "This consent request is no longer pending (it is " + connection.state() + ").");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
