package dev.consentgw.gateway.sandbox.wych;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The simulator's ecosystem and data holders. All fictitious; the fixed ids are constants so tests
 * and documentation can name them. The {@code listDataHolders} answer is rendered once, so thousands
 * of generated banks cost nothing per request.
 */
public final class WychSandboxCatalogue {

  public static final String ECOSYSTEM_ID = "7e57ab1e-ec05-4000-8000-000000000001";
  public static final String ECOSYSTEM_EXTERNAL_ID = "AU_CDS";
  public static final String ECOSYSTEM_NAME = "Australian Consumer Data Standards";

  /** Connectable bank offering every banking and customer scope. */
  public static final String KOOKABURRA_MUTUAL_BANK = "7e57ab1e-d401-4000-8000-000000000001";
  /** Connectable bank offering basic and detailed accounts, transactions and basic customer data. */
  public static final String BANKSIA_CREDIT_UNION = "7e57ab1e-d401-4000-8000-000000000002";
  /** Listed but not connectable. */
  public static final String WATTLE_SAVINGS = "7e57ab1e-d401-4000-8000-000000000003";
  /** Connectable energy retailer: energy and customer scopes only. */
  public static final String SOUTHERN_CROSS_ENERGY = "7e57ab1e-d401-4000-8000-000000000004";

  /** Generated banks: this prefix, then the bank's number as 12 hex digits. */
  static final String GENERATED_ID_PREFIX = "7e57ab1e-d402-4000-8000-";

  static final List<String> BANKING_SCOPES = List.of("bank:accounts.basic:read", "bank:accounts.detail:read",
      "bank:transactions:read", "bank:payees:read", "bank:regular_payments:read");
  static final List<String> CUSTOMER_SCOPES = List.of("common:customer.basic:read", "common:customer.detail:read");
  static final List<String> ENERGY_SCOPES = List.of("energy:electricity.servicepoints.basic:read",
      "energy:electricity.servicepoints.detail:read", "energy:electricity.usage:read", "energy:electricity.der:read",
      "energy:accounts.basic:read", "energy:accounts.detail:read", "energy:accounts.paymentschedule:read",
      "energy:accounts.concessions:read", "energy:billing:read");
  /** Identity scopes every data holder supports. */
  static final Set<String> OIDC_SCOPES = Set.of("openid", "profile");

  private static final String[] GENERATED_NAMES = {"Quokka", "Wombat", "Echidna", "Bilby", "Numbat", "Platypus",
      "Jacaranda", "Waratah", "Boronia", "Grevillea", "Coolabah", "Brolga"};
  private static final String[] GENERATED_KINDS = {"Community Bank", "Credit Union", "Building Society", "Mutual"};

  /** One data holder of the catalogue. */
  public record SandboxDataHolder(UUID id, String name, String externalId, boolean connectable, Set<String> scopes) {

    public SandboxDataHolder {
      scopes = Set.copyOf(scopes);
    }

    JsonObject toJson() {
      JsonObject permissions = new JsonObject(new LinkedHashMap<>());
      scopes.stream().sorted().forEach(scope -> permissions.put(scope, true));
      return new JsonObject()
          .put("id", id.toString())
          .put("name", name)
          .put("country", "AU")
          .put("connectable", connectable)
          .put("enabled", true)
          .put("externalId", externalId)
          .put("permissions", permissions);
    }
  }

  private final Map<UUID, SandboxDataHolder> byId = new HashMap<>();
  private final Buffer listing;

  public WychSandboxCatalogue(int extraDataHolders) {
    JsonArray holders = new JsonArray();
    for (SandboxDataHolder holder : fixed()) {
      add(holder, holders);
    }
    for (int i = 1; i <= extraDataHolders; i++) {
      add(generated(i), holders);
    }
    listing = new JsonArray().add(new JsonObject()
        .put("id", ECOSYSTEM_ID)
        .put("externalId", ECOSYSTEM_EXTERNAL_ID)
        .put("name", ECOSYSTEM_NAME)
        .put("dataHolders", holders)).toBuffer();
  }

  /** The {@code listDataHolders} response body. */
  Buffer listing() {
    return listing;
  }

  Optional<SandboxDataHolder> dataHolder(UUID id) {
    return Optional.ofNullable(byId.get(id));
  }

  int size() {
    return byId.size();
  }

  private void add(SandboxDataHolder holder, JsonArray holders) {
    byId.put(holder.id(), holder);
    holders.add(holder.toJson());
  }

  private static List<SandboxDataHolder> fixed() {
    return List.of(
        new SandboxDataHolder(UUID.fromString(KOOKABURRA_MUTUAL_BANK), "Kookaburra Mutual Bank",
            "kookaburra-mutual-bank", true, union(BANKING_SCOPES, CUSTOMER_SCOPES)),
        new SandboxDataHolder(UUID.fromString(BANKSIA_CREDIT_UNION), "Banksia Credit Union", "banksia-credit-union",
            true, Set.of("bank:accounts.basic:read", "bank:accounts.detail:read", "bank:transactions:read",
            "common:customer.basic:read")),
        new SandboxDataHolder(UUID.fromString(WATTLE_SAVINGS), "Wattle Savings", "wattle-savings", false,
            Set.of("bank:accounts.basic:read", "bank:transactions:read", "common:customer.basic:read")),
        new SandboxDataHolder(UUID.fromString(SOUTHERN_CROSS_ENERGY), "Southern Cross Energy",
            "southern-cross-energy", true, union(ENERGY_SCOPES, CUSTOMER_SCOPES)));
  }

  private static SandboxDataHolder generated(int number) {
    String name = GENERATED_NAMES[number % GENERATED_NAMES.length] + " "
        + GENERATED_KINDS[(number / GENERATED_NAMES.length) % GENERATED_KINDS.length] + " " + number;
    return new SandboxDataHolder(UUID.fromString(GENERATED_ID_PREFIX + String.format("%012x", number)), name,
        "sandbox-bank-" + number, true, union(BANKING_SCOPES, CUSTOMER_SCOPES));
  }

  private static Set<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
