package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.model.Connection;
import dev.consentgw.clients.wych.model.DataHolder;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.FailureClassifier;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamHttpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Wych's vocabulary against the gateway's: statuses, scopes, permissions, data holders, error kinds. */
class WychMappingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "NULL", value = {
      "PENDING, AWAITING_AUTHORIZATION",
      "INITIATED, AWAITING_AUTHORIZATION",
      "DISCONNECTED, REVOKED",
      "ACTIVE, AUTHORIZED",
      "active, AUTHORIZED",
      "REJECTED, REJECTED",
      "REVOKED, REVOKED",
      "EXPIRED, EXPIRED",
      "SUSPENDED, UNKNOWN",
      "'', UNKNOWN",
      "NULL, UNKNOWN"})
  void connectionStates(String state, ConsentStatus status) {
    assertThat(WychMapping.status(state)).isEqualTo(status);
  }

  @ParameterizedTest(name = "state={0}, status={1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "ACTIVE, PENDING, AUTHORIZED",
      "NULL, REVOKED, REVOKED",
      "NULL, NULL, UNKNOWN"})
  void connectionStateIsReadBeforeStatus(String state, String status, ConsentStatus expected) {
    Connection connection = new Connection().id(UUID.randomUUID()).state(state).status(status)
        .expiry("2026-03-04T01:05:09Z");

    assertThat(WychMapping.consentState(connection))
        .isEqualTo(new ConsentState(expected, null, Instant.parse("2026-03-04T01:05:09Z")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "ACCOUNTS, bank:accounts.basic:read",
      "BALANCES, bank:accounts.basic:read",
      "ACCOUNTS_DETAIL, bank:accounts.detail:read",
      "TRANSACTIONS, bank:transactions:read",
      "PAYEES, bank:payees:read",
      "REGULAR_PAYMENTS, bank:regular_payments:read",
      "CUSTOMER, common:customer.basic:read",
      "CUSTOMER_DETAIL, common:customer.detail:read"})
  void eachPermissionHasItsScopeAfterOpenid(Permission permission, String scope) {
    assertThat(WychMapping.scopesFor(Set.of(permission))).containsExactly("openid", scope);
    assertThat(WychMapping.permissionsFor(List.of(scope))).contains(permission);
  }

  @Test
  void scopesAreDeduplicatedInAStableOrder() {
    List<String> scopes = WychMapping.scopesFor(Set.of(Permission.CUSTOMER, Permission.BALANCES,
        Permission.ACCOUNTS, Permission.TRANSACTIONS));

    assertThat(scopes).containsExactly("openid", "bank:accounts.basic:read", "bank:transactions:read",
        "common:customer.basic:read");
    assertThat(WychMapping.scopesFor(Set.of())).containsExactly("openid");
  }

  @Test
  void everyPermissionIsReachableThroughSomeScope() {
    Set<Permission> all = WychMapping.permissionsFor(WychMapping.scopesFor(EnumSet.allOf(Permission.class)));

    assertThat(all).containsExactlyInAnyOrder(Permission.values());
  }

  @Test
  void basicAccountScopeGrantsAccountsAndBalances() {
    assertThat(WychMapping.permissionsFor(List.of("bank:accounts.basic:read", "energy:billing:read", "openid")))
        .containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.BALANCES);
  }

  @Test
  void offeredScopesAreReadTolerantly() {
    Map<String, Object> permissions = new LinkedHashMap<>();
    permissions.put("bank:accounts.basic:read", true);
    permissions.put("bank:transactions:read", "yes");
    permissions.put("bank:payees:read", false);
    permissions.put("bank:regular_payments:read", "FALSE");
    permissions.put("common:customer.basic:read", Map.of("mandatory", true));
    permissions.put("common:customer.detail:read", null);
    permissions.put("energy", List.of("energy:billing:read", 42));

    assertThat(WychMapping.offeredScopes(permissions)).containsExactlyInAnyOrder("bank:accounts.basic:read",
        "bank:transactions:read", "common:customer.basic:read", "energy", "energy:billing:read");
  }

  @Test
  void dataHolderBecomesAnInstitution() {
    UUID id = UUID.randomUUID();
    DataHolder holder = new DataHolder().id(id).name("Kookaburra Mutual Bank").country(" au ").connectable(true)
        .enabled(true).logoUri(URI.create("https://logos.example/k.png"))
        .permissions(Map.of("bank:payees:read", true, "energy:billing:read", true));

    Institution institution = WychMapping.institution(holder, Environment.SANDBOX);

    assertThat(institution).isEqualTo(new Institution("wych", id.toString(), "Kookaburra Mutual Bank", null,
        List.of("AU"), "https://logos.example/k.png", Set.of(Permission.PAYEES), true, Environment.SANDBOX,
        Map.of()));
  }

  @ParameterizedTest(name = "connectable={0}, enabled={1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "true, true, true",
      "true, NULL, true",
      "true, false, false",
      "false, true, false",
      "NULL, true, false"})
  void connectableOnlyWhenConnectableAndEnabled(Boolean connectable, Boolean enabled, boolean expected) {
    DataHolder holder = new DataHolder().id(UUID.randomUUID()).connectable(connectable).enabled(enabled);

    assertThat(WychMapping.institution(holder, Environment.LIVE).connectable()).isEqualTo(expected);
  }

  @Test
  void unpublishedPermissionsAssumeBankingAndCommonAndNamelessHoldersUseTheirId() {
    UUID id = UUID.randomUUID();
    DataHolder holder = new DataHolder().id(id);

    Institution institution = WychMapping.institution(holder, Environment.LIVE);

    assertThat(institution.permissions()).containsExactlyInAnyOrder(Permission.values());
    assertThat(institution.name()).isEqualTo(id.toString());
    assertThat(institution.countries()).containsExactly("AU");
    assertThat(institution.logoUrl()).isNull();
  }

  @Test
  void aBlankCountryIsTheDefaultOne() {
    DataHolder holder = new DataHolder().id(UUID.randomUUID()).country("  ");

    assertThat(WychMapping.institution(holder, Environment.LIVE).countries()).containsExactly("AU");
  }

  @Test
  void energyOnlyHolderOffersNothingTheGatewayKnows() {
    DataHolder holder = new DataHolder().id(UUID.randomUUID())
        .permissions(Map.of("energy:accounts.basic:read", true, "energy:billing:read", true));

    assertThat(WychMapping.institution(holder, Environment.LIVE).permissions()).isEmpty();
  }

  @Test
  void holdersWithoutIdAreSkipped() {
    List<DataHolder> holders = Arrays.asList(new DataHolder().name("no id"), null,
        new DataHolder().id(UUID.randomUUID()));

    assertThat(WychMapping.institutions(holders, Environment.LIVE)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "NULL", value = {
      "2026-03-04T01:05:09Z, 2026-03-04T01:05:09Z",
      "2026-03-04T11:05:09+10:00, 2026-03-04T01:05:09Z",
      "next year, NULL",
      "NULL, NULL"})
  void unverifiedTimestampsAreParsedTolerantly(String value, Instant expected) {
    assertThat(WychMapping.instant(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"400, REJECTED", "401, AUTHENTICATION", "403, AUTHENTICATION", "404, NOT_FOUND", "429, UNAVAILABLE",
      "500, UNAVAILABLE"})
  void statusKinds(int status, Kind kind) {
    UpstreamCall call = UpstreamCall.read("wych", "getConnection");
    FailureClassifier classifier = new FailureClassifier("wych", "Wych", new WychErrorReader());

    assertThat(classifier.classify(new UpstreamHttpException(status, "", null), call).error().kind()).isEqualTo(kind);
  }

  @Test
  void pseudonymousEmailIsStableDistinctAndOpaque() {
    WychUserEmail emails = new WychUserEmail("users.consent-gateway.invalid");

    String alex = emails.forReference("tenant-a:alex");

    assertThat(alex).matches("u-[0-9a-f]{32}@users\\.consent-gateway\\.invalid");
    assertThat(emails.forReference("tenant-a:alex")).isEqualTo(alex);
    assertThat(emails.forReference("tenant-b:alex")).isNotEqualTo(alex);
    assertThat(alex).doesNotContain("alex");
  }
}
