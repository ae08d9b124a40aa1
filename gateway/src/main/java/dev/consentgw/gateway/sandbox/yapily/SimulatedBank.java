package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.http.Html;
import dev.consentgw.gateway.sandbox.BankConsentPage;
import dev.consentgw.gateway.sandbox.SandboxRequester;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The banks behind the simulated Yapily: {@code GET /bank/{session}} shows the consent page,
 * {@code POST /bank/{session}/approve} and {@code POST /bank/{session}/deny} record the decision and
 * answer 303 to the authorisation's callback, keeping the callback's own query and adding Yapily's
 * parameters. End-to-end tests rely on exactly these URLs ({@code <authorisationUrl>/approve}).
 */
final class SimulatedBank {

  private static final Map<String, String> FEATURE_WORDS = Map.ofEntries(
      Map.entry("ACCOUNTS", "Your accounts: names, types, numbers and details"),
      Map.entry("ACCOUNT", "Your accounts: names, types, numbers and details"),
      Map.entry("ACCOUNT_BALANCES", "Your account balances"),
      Map.entry("ACCOUNT_TRANSACTIONS", "Your transactions"),
      Map.entry("ACCOUNT_BENEFICIARIES", "The payees you have saved"),
      Map.entry("ACCOUNT_SCHEDULED_PAYMENTS", "Your scheduled payments"),
      Map.entry("ACCOUNT_DIRECT_DEBITS", "Your direct debits"),
      Map.entry("ACCOUNT_PERIODIC_PAYMENTS", "Your standing orders"),
      Map.entry("ACCOUNT_STATEMENTS", "Your statements"),
      Map.entry("IDENTITY", "Your name, address and contact details"));

  private final YapilySandboxInstitutions institutions;
  private final YapilySandboxState state;
  private final SandboxRequester requester;

  SimulatedBank(YapilySandboxInstitutions institutions, YapilySandboxState state, SandboxRequester requester) {
    this.institutions = institutions;
    this.state = state;
    this.requester = requester;
  }

  void mount(Router router) {
    router.get("/bank/:session").handler(this::page);
    router.post("/bank/:session/approve").handler(rc -> decide(rc, true));
    router.post("/bank/:session/deny").handler(rc -> decide(rc, false));
  }

  private void page(RoutingContext rc) {
    String session = rc.pathParam("session");
    SimulatedConsent consent = state.consentByBankSession(session).orElse(null);
    if (consent == null) {
      html(rc, 404, "Unknown authorisation", "This bank page does not exist (any more).");
      return;
    }
    if (!consent.awaitingUser() || !consent.bankSession().equals(session)) {
      html(rc, 409, "Already decided", "This authorisation has already been answered.");
      return;
    }
    String base = SandboxUrls.bankPage(rc, session);
    html(rc, 200, new BankConsentPage(bankName(consent),
        requester.forUserReference(consent.user().applicationUserId()), "Yapily sandbox", step(consent), items(consent),
        base + "/approve", base + "/deny").render());
  }

  private void decide(RoutingContext rc, boolean approve) {
    YapilySandboxState.Decision decision = state.decide(rc.pathParam("session"), approve);
    switch (decision.outcome()) {
      case UNKNOWN -> html(rc, 404, "Unknown authorisation", "This bank page does not exist (any more).");
      case ALREADY_DECIDED -> html(rc, 409, "Already decided", "This authorisation has already been answered.");
      case DECIDED -> redirect(rc, decision, approve);
    }
  }

  private void redirect(RoutingContext rc, YapilySandboxState.Decision decision, boolean approved) {
    SimulatedConsent consent = decision.consent();
    if (consent.callback() == null) {
      html(rc, 200, approved ? "Access granted" : "Access denied", "You can close this window now.");
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!approved) {
      params.put("error", "access_denied");
      params.put("error-source", "USER");
      params.put("error-description", "The user denied access at the bank.");
    } else if (decision.oneTimeToken() != null) {
      params.put("one-time-token", decision.oneTimeToken());
    } else {
      params.put("consent", consent.consentToken());
      params.put("application-user-id", consent.user().applicationUserId());
      params.put("user-uuid", consent.user().uuid().toString());
      params.put("institution", consent.institutionId());
    }
    rc.response().setStatusCode(303).putHeader("location", callbackLocation(consent, params))
        .putHeader("cache-control", "no-store").end();
  }

  /**
   * The callback URL with the authorisation's {@code forwardParameters} and Yapily's own parameters;
   * its original query is kept or dropped as the sandbox control says (Yapily does not document which).
   */
  private String callbackLocation(SimulatedConsent consent, Map<String, String> yapilyParams) {
    String callback = consent.callback();
    int query = callback.indexOf('?');
    String kept = state.keepCallbackQuery() || query < 0 ? callback : callback.substring(0, query);
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : state.forwardParameters(consent.id())) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      // A pair the kept query already carries is not repeated.
      if (!kept.contains("?" + pair) && !kept.contains("&" + pair)) {
        params.put(name, value);
      }
    }
    params.putAll(yapilyParams);
    return SandboxUrls.withQuery(kept, params);
  }

  /** Institutions needing pre-authorisation take two pages; the second looks alike, so it says which it is. */
  private String step(SimulatedConsent consent) {
    boolean twoSteps = institutions.find(consent.institutionId())
        .map(SandboxInstitution::needsPreAuthorisation).orElse(false);
    if (!twoSteps) {
      return null;
    }
    return consent.preAuthorisation() ? "Step 1 of 2: confirm who you are" : "Step 2 of 2: choose what to share";
  }

  private String bankName(SimulatedConsent consent) {
    return institutions.find(consent.institutionId()).map(SandboxInstitution::name).orElse(consent.institutionId());
  }

  private static List<String> items(SimulatedConsent consent) {
    if (consent.preAuthorisation()) {
      return List.of("Confirm who you are, so that the application can then ask for access to your accounts");
    }
    Set<String> items = new LinkedHashSet<>();
    consent.featureScope().forEach(feature -> items.add(FEATURE_WORDS.getOrDefault(feature,
        feature.toLowerCase(Locale.ROOT).replace('_', ' '))));
    return List.copyOf(items);
  }

  private static void html(RoutingContext rc, int status, String title, String message) {
    html(rc, status, """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>%1$s</title><link rel="stylesheet" href="%3$s"></head>
        <body>
          <h1>%1$s</h1>
          <p>%2$s</p>
        </body>
        </html>
        """.formatted(Html.escape(title), Html.escape(message), BankConsentPage.STYLESHEET));
  }

  private static void html(RoutingContext rc, int status, String page) {
    rc.response().setStatusCode(status).putHeader("content-type", "text/html;charset=UTF-8")
        .putHeader("cache-control", "no-store").end(page);
  }
}
