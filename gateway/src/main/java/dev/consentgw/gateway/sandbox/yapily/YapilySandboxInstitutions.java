package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's institutions: four fixed fictitious banks in two countries, covering the single-leg
 * flow, fewer features, a failing bank and the two-leg pre-authorisation flow, plus any number of
 * generated ones for load tests. The catalogue never changes, so its JSON is built once.
 */
public final class YapilySandboxInstitutions {

  /** GB, single leg, every account-data feature. */
  public static final String THISTLE = "thistle-sandbox";
  /** GB, single leg, accounts, balances and transactions only (no identity, payees or regular payments). */
  public static final String HARBOURSIDE = "harbourside-sandbox";
  /** GB, single leg, but the bank side fails: authorisation requests answer 424. */
  public static final String FERROUS = "ferrous-sandbox";
  /** DE, needs pre-authorisation: two legs at the bank. */
  public static final String BRUECKENBANK = "brueckenbank-sandbox";

  private static final List<String> FULL_ACCOUNT_FEATURES = List.of(
      "INITIATE_ACCOUNT_REQUEST", "ACCOUNTS", "ACCOUNT", "ACCOUNT_BALANCES", "ACCOUNT_TRANSACTIONS",
      "ACCOUNT_BENEFICIARIES", "ACCOUNT_SCHEDULED_PAYMENTS", "ACCOUNT_DIRECT_DEBITS", "ACCOUNT_PERIODIC_PAYMENTS",
      "ACCOUNT_STATEMENTS", "IDENTITY");
  private static final List<String> BASIC_ACCOUNT_FEATURES = List.of(
      "INITIATE_ACCOUNT_REQUEST", "ACCOUNTS", "ACCOUNT", "ACCOUNT_BALANCES", "ACCOUNT_TRANSACTIONS");

  private final Map<String, SandboxInstitution> byId;
  private final String dataJson;

  YapilySandboxInstitutions(int extraInstitutions) {
    Map<String, SandboxInstitution> all = new LinkedHashMap<>();
    List.of(
        new SandboxInstitution(THISTLE, "Thistle Bank", "Thistle Bank plc (Sandbox)", "GB", "United Kingdom",
            "OPEN_BANKING_UK_AUTO", Map.of("logo", image("T", "6b2d8a"), "icon", image("T", "6b2d8a")),
            FULL_ACCOUNT_FEATURES, false),
        new SandboxInstitution(HARBOURSIDE, "Harbourside Building Society", "Harbourside Building Society (Sandbox)",
            "GB", "United Kingdom", "OPEN_BANKING_UK_AUTO", Map.of("icon", image("H", "1d5f8a")),
            BASIC_ACCOUNT_FEATURES, false),
        new SandboxInstitution(FERROUS, "Ferrous Bank", "Ferrous Bank Ltd (Sandbox)", "GB", "United Kingdom",
            "OPEN_BANKING_UK_AUTO", Map.of("logo", image("F", "8a3b1d")),
            List.of("INITIATE_ACCOUNT_REQUEST", "ACCOUNTS", "ACCOUNT", "ACCOUNT_BALANCES", "ACCOUNT_TRANSACTIONS",
                "IDENTITY"), true),
        new SandboxInstitution(BRUECKENBANK, "Brückenbank", "Brückenbank AG (Sandbox)", "DE", "Germany",
            "OPEN_BANKING_AUTO", Map.of("icon", image("B", "1d6b3a")),
            List.of(SandboxInstitution.PRE_AUTHORISATION, "INITIATE_ACCOUNT_REQUEST", "ACCOUNTS", "ACCOUNT_BALANCES",
                "ACCOUNT_TRANSACTIONS"), false))
        .forEach(institution -> all.put(institution.id(), institution));
    for (int i = 1; i <= extraInstitutions; i++) {
      SandboxInstitution generated = generated(i);
      all.put(generated.id(), generated);
    }
    this.byId = Collections.unmodifiableMap(all);
    JsonArray data = new JsonArray();
    all.values().forEach(institution -> data.add(institution.toJson()));
    this.dataJson = data.encode();
  }

  Optional<SandboxInstitution> find(String id) {
    return Optional.ofNullable(id).map(byId::get);
  }

  int size() {
    return byId.size();
  }

  /** Every institution as one JSON array, encoded once. */
  String dataJson() {
    return dataJson;
  }

  /**
   * Numbered fictitious banks alternating between GB and DE; every third lacks identity data. No
   * images, so that thousands of them stay a compact catalogue.
   */
  private static SandboxInstitution generated(int number) {
    String id = String.format("generated-%05d-sandbox", number);
    boolean gb = number % 2 == 1;
    List<String> features = number % 3 == 0 ? BASIC_ACCOUNT_FEATURES : FULL_ACCOUNT_FEATURES;
    return new SandboxInstitution(id, String.format("Generated Sandbox Bank %05d", number),
        String.format("Generated Sandbox Bank %05d (Sandbox)", number), gb ? "GB" : "DE",
        gb ? "United Kingdom" : "Germany", gb ? "OPEN_BANKING_UK_AUTO" : "OPEN_BANKING_AUTO",
        Map.of(), features, false);
  }

  /** A self-contained SVG image (a data URI), so the sandbox needs no image hosting. */
  private static String image(String letter, String colour) {
    String svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'><rect width='64' height='64' rx='12' fill='#"
        + colour + "'/><text x='32' y='43' font-size='32' font-family='sans-serif' text-anchor='middle' fill='white'>"
        + letter + "</text></svg>";
    return "data:image/svg+xml," + URLEncoder.encode(svg, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
