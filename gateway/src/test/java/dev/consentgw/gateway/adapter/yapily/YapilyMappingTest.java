package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.model.AuthorisationStatus;
import dev.consentgw.clients.yapily.model.Country;
import dev.consentgw.clients.yapily.model.EnvironmentType;
import dev.consentgw.clients.yapily.model.FeatureEnum;
import dev.consentgw.clients.yapily.model.Media;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class YapilyMappingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "AWAITING_AUTHORIZATION, AWAITING_AUTHORIZATION",
      "AWAITING_FURTHER_AUTHORIZATION, AWAITING_AUTHORIZATION",
      "AWAITING_RE_AUTHORIZATION, AUTHORIZED",
      "AWAITING_PRE_AUTHORIZATION, AWAITING_AUTHORIZATION",
      "AWAITING_DECOUPLED_PRE_AUTHORIZATION, AWAITING_AUTHORIZATION",
      "AWAITING_DECOUPLED_AUTHORIZATION, AWAITING_AUTHORIZATION",
      "AWAITING_SCA_METHOD, AWAITING_AUTHORIZATION",
      "AWAITING_SCA_CODE, AWAITING_AUTHORIZATION",
      "PRE_AUTHORIZED, AWAITING_AUTHORIZATION",
      "AUTHORIZED, AUTHORIZED",
      "CONSUMED, EXPIRED",
      "REJECTED, REJECTED",
      "REVOKED, REVOKED",
      "EXPIRED, EXPIRED",
      "FAILED, FAILED",
      "INVALID, FAILED",
      "UNKNOWN, UNKNOWN",
      "UNKNOWN_DEFAULT_OPEN_API, UNKNOWN",
  })
  void mapsEveryStatus(AuthorisationStatus yapily, ConsentStatus expected) {
    assertThat(YapilyMapper.status(yapily)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(AuthorisationStatus.class)
  void everyStatusOfTheContractIsInTheTable(AuthorisationStatus status) {
    // A value added to yapily.yaml must be placed deliberately: only UNKNOWN* may fall through.
    boolean unknown = status == AuthorisationStatus.UNKNOWN || status == AuthorisationStatus.UNKNOWN_DEFAULT_OPEN_API;
    assertThat(YapilyMapper.status(status) == ConsentStatus.UNKNOWN).isEqualTo(unknown);
  }

  @Test
  void missingStatusIsUnknownAndBankDeletionIsRevocation() {
    assertThat(YapilyMapper.status(null)).isEqualTo(ConsentStatus.UNKNOWN);
    assertThat(YapilyMapper.consentStatus(AuthorisationStatus.AUTHORIZED, true)).isEqualTo(ConsentStatus.REVOKED);
    assertThat(YapilyMapper.consentStatus(AuthorisationStatus.AUTHORIZED, null)).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(YapilyMapper.consentStatus(AuthorisationStatus.AUTHORIZED, false)).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(YapilyMapper.consentStatus(AuthorisationStatus.AWAITING_RE_AUTHORIZATION, true))
        .isEqualTo(ConsentStatus.REVOKED);
    assertThat(YapilyMapper.consentStatus(AuthorisationStatus.EXPIRED, true)).isEqualTo(ConsentStatus.REVOKED);
  }

  static Stream<Arguments> featuresToPermissions() {
    return Stream.of(
        Arguments.of("ACCOUNTS", "ACCOUNTS,ACCOUNTS_DETAIL"),
        Arguments.of("ACCOUNT", "ACCOUNTS,ACCOUNTS_DETAIL"),
        Arguments.of("ACCOUNT_BALANCES", "BALANCES"),
        Arguments.of("ACCOUNT_TRANSACTIONS", "TRANSACTIONS"),
        Arguments.of("ACCOUNT_BENEFICIARIES", "PAYEES"),
        Arguments.of("ACCOUNT_SCHEDULED_PAYMENTS", "REGULAR_PAYMENTS"),
        Arguments.of("ACCOUNT_DIRECT_DEBITS", "REGULAR_PAYMENTS"),
        Arguments.of("ACCOUNT_PERIODIC_PAYMENTS", "REGULAR_PAYMENTS"),
        Arguments.of("IDENTITY", "CUSTOMER,CUSTOMER_DETAIL"),
        Arguments.of("INITIATE_ACCOUNT_REQUEST", ""),
        Arguments.of("ACCOUNT_STATEMENTS", ""),
        Arguments.of("INITIATE_DOMESTIC_SINGLE_PAYMENT", ""),
        Arguments.of("UNKNOWN_DEFAULT_OPEN_API", ""));
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @MethodSource("featuresToPermissions")
  void mapsFeaturesToPermissions(FeatureEnum feature, String permissions) {
    assertThat(YapilyMapper.permissions(List.of(feature))).isEqualTo(permissionSet(permissions));
  }

  static Stream<Arguments> permissionsToFeatures() {
    String all = "ACCOUNTS,ACCOUNT,ACCOUNT_BALANCES,ACCOUNT_TRANSACTIONS,ACCOUNT_BENEFICIARIES,"
        + "ACCOUNT_SCHEDULED_PAYMENTS,ACCOUNT_DIRECT_DEBITS,ACCOUNT_PERIODIC_PAYMENTS,IDENTITY";
    return Stream.of(
        Arguments.of("ACCOUNTS", all, "ACCOUNTS,ACCOUNT"),
        Arguments.of("ACCOUNTS_DETAIL", all, "ACCOUNTS,ACCOUNT"),
        Arguments.of("ACCOUNTS", "ACCOUNTS,ACCOUNT_BALANCES", "ACCOUNTS"),
        Arguments.of("BALANCES", all, "ACCOUNT_BALANCES"),
        Arguments.of("TRANSACTIONS", all, "ACCOUNT_TRANSACTIONS"),
        Arguments.of("PAYEES", all, "ACCOUNT_BENEFICIARIES"),
        Arguments.of("REGULAR_PAYMENTS", all, "ACCOUNT_SCHEDULED_PAYMENTS,ACCOUNT_DIRECT_DEBITS,ACCOUNT_PERIODIC_PAYMENTS"),
        Arguments.of("REGULAR_PAYMENTS", "ACCOUNTS,ACCOUNT_DIRECT_DEBITS", "ACCOUNT_DIRECT_DEBITS"),
        Arguments.of("CUSTOMER", all, "IDENTITY"),
        Arguments.of("CUSTOMER_DETAIL", all, "IDENTITY"),
        Arguments.of("CUSTOMER,CUSTOMER_DETAIL", all, "IDENTITY"),
        Arguments.of("CUSTOMER", "ACCOUNTS,ACCOUNT", ""),
        Arguments.of("ACCOUNTS,BALANCES,TRANSACTIONS", "ACCOUNT_TRANSACTIONS,ACCOUNT_BALANCES,ACCOUNTS",
            "ACCOUNTS,ACCOUNT_TRANSACTIONS,ACCOUNT_BALANCES"));
  }

  @ParameterizedTest(name = "{0} at [{1}] -> [{2}]")
  @MethodSource("permissionsToFeatures")
  void mapsPermissionsToTheFeaturesTheInstitutionOffers(String permissions, String offered, String expected) {
    Set<FeatureEnum> scope = YapilyMapper.featureScope(permissionSet(permissions), featureSet(offered));

    // In enum order, so that request bodies are deterministic.
    assertThat(List.copyOf(scope)).containsExactlyElementsOf(featureSet(expected));
  }

  @ParameterizedTest(name = "{0}: connectable={1}, preAuthorisation={2}")
  @CsvSource({
      "'INITIATE_ACCOUNT_REQUEST,ACCOUNTS', true, false",
      "'INITIATE_PRE_AUTHORISATION,ACCOUNTS', true, true",
      "'INITIATE_PRE_AUTHORISATION_ACCOUNTS,ACCOUNTS', true, true",
      "'INITIATE_PRE_AUTHORISATION,INITIATE_ACCOUNT_REQUEST,ACCOUNTS', true, true",
      "'INITIATE_ONETIME_PRE_AUTHORISATION,ACCOUNTS', true, true",
      "'INITIATE_ONETIME_PRE_AUTHORISATION_ACCOUNTS,ACCOUNTS', true, true",
      "'INITIATE_ONETIME_PRE_AUTHORISATION_PAYMENTS,ACCOUNTS', false, false",
      "'ACCOUNTS,ACCOUNT_BALANCES', false, false",
      "'INITIATE_DOMESTIC_SINGLE_PAYMENT', false, false",
  })
  void connectabilityAndPreAuthorisation(String features, boolean connectable, boolean preAuthorisation) {
    assertThat(YapilyMapper.connectable(featureSet(features))).isEqualTo(connectable);
    assertThat(YapilyMapper.needsPreAuthorisation(featureSet(features))).isEqualTo(preAuthorisation);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {"SANDBOX, SANDBOX", "MOCK, MOCK", "LIVE, LIVE", "UNKNOWN_DEFAULT_OPEN_API, LIVE", "null, LIVE"},
      nullValues = "null")
  void mapsEnvironments(EnvironmentType type, Environment expected) {
    assertThat(YapilyMapper.environment(type)).isEqualTo(expected);
  }

  @Test
  void mapsAnInstitution() {
    dev.consentgw.clients.yapily.model.Institution yapily = new dev.consentgw.clients.yapily.model.Institution()
        .id("brueckenbank-sandbox")
        .name("Brückenbank")
        .fullName("Brückenbank AG")
        .countries(new LinkedHashSet<>(List.of(new Country().countryCode2("de").displayName("Germany"),
            new Country().countryCode2("AT").displayName("Austria"))))
        .environmentType(EnvironmentType.SANDBOX)
        .media(new LinkedHashSet<>(List.of(new Media().type("icon").source("https://img.example/icon.png"),
            new Media().type("logo").source("https://img.example/logo.png"))))
        .features(featureSet("INITIATE_PRE_AUTHORISATION,ACCOUNTS,ACCOUNT_BALANCES,INITIATE_DOMESTIC_SINGLE_PAYMENT"));

    Institution institution = YapilyMapper.institution(yapily);

    assertThat(institution.id()).isEqualTo("yapily:brueckenbank-sandbox");
    assertThat(institution.name()).isEqualTo("Brückenbank");
    assertThat(institution.fullName()).isEqualTo("Brückenbank AG");
    assertThat(institution.countries()).containsExactly("DE", "AT");
    assertThat(institution.logoUrl()).isEqualTo("https://img.example/logo.png");
    assertThat(institution.permissions()).containsExactlyInAnyOrder(
        Permission.ACCOUNTS, Permission.ACCOUNTS_DETAIL, Permission.BALANCES);
    assertThat(institution.connectable()).isTrue();
    assertThat(institution.environment()).isEqualTo(Environment.SANDBOX);
    assertThat(institution.providerAttributes())
        .containsEntry(YapilyMapper.ATTR_PRE_AUTHORISATION, "true")
        .containsEntry(YapilyMapper.ATTR_FEATURES, "ACCOUNTS,ACCOUNT_BALANCES");
    assertThat(YapilyMapper.needsPreAuthorisation(institution)).isTrue();
    assertThat(YapilyMapper.offeredFeatures(institution)).containsExactly(FeatureEnum.ACCOUNTS, FeatureEnum.ACCOUNT_BALANCES);
  }

  @Test
  void logoFallsBackToTheIconAndToNothing() {
    assertThat(YapilyMapper.logoUrl(List.of(new Media().type("icon").source("i")))).isEqualTo("i");
    assertThat(YapilyMapper.logoUrl(List.of(new Media().type("banner").source("b")))).isNull();
    assertThat(YapilyMapper.logoUrl(null)).isNull();
  }

  @Test
  void aMinimalInstitutionMapsWithoutSurprises() {
    Institution institution = YapilyMapper.institution(new dev.consentgw.clients.yapily.model.Institution()
        .id("bare").features(null).countries(null).media(null));

    assertThat(institution.name()).isEqualTo("bare");
    assertThat(institution.countries()).isEmpty();
    assertThat(institution.permissions()).isEmpty();
    assertThat(institution.connectable()).isFalse();
    assertThat(institution.environment()).isEqualTo(Environment.LIVE);
    assertThat(institution.providerAttributes()).doesNotContainKey(YapilyMapper.ATTR_PRE_AUTHORISATION);
  }

  @Test
  void anInstitutionWithoutTheFeaturesAttributeOffersEveryAccountFeature() {
    Institution foreign = new Institution("yapily", "x", "X", null, List.of("GB"), null, Set.of(Permission.ACCOUNTS),
        true, Environment.LIVE, Map.of());

    assertThat(YapilyMapper.featureScope(Set.of(Permission.REGULAR_PAYMENTS), YapilyMapper.offeredFeatures(foreign)))
        .hasSize(3);
    assertThat(YapilyMapper.needsPreAuthorisation(foreign)).isFalse();
  }

  @ParameterizedTest(name = "error={0} source={1} -> {2}")
  @CsvSource(value = {
      "access_denied, USER, REJECTED, access_denied",
      "access_denied, INSTITUTION, REJECTED, access_denied",
      "null, USER, REJECTED, access_denied",
      "server_error, INSTITUTION, FAILED, provider_error",
      "temporarily_unavailable, YAPILY, FAILED, provider_error",
  }, nullValues = "null")
  void mapsCallbackErrors(String error, String source, ConsentStatus status, String code) {
    Map<String, String> params = new HashMap<>();
    if (error != null) {
      params.put("error", error);
    }
    params.put("error-source", source);
    params.put("error-description", "Dear Jane Doe, account 12345678 was <b>refused</b>");

    CallbackResult result = YapilyMapper.callbackError(ref(), new CallbackParams(params));

    assertThat(result.status()).isEqualTo(status);
    assertThat(result.errorCode()).isEqualTo(code);
    assertThat(result.providerConsentId()).isEqualTo("c-1");
    assertThat(result.consentToken()).isNull();
    assertThat(result.errorDescription()).doesNotContain("Jane", "12345678", "<b>");
  }

  @Test
  void freeTextInErrorCodesIsNotRepeated() {
    CallbackResult result = YapilyMapper.callbackError(ref(),
        new CallbackParams(Map.of("error", "<script>alert(1)</script>", "error-source", "INSTITUTION")));

    assertThat(result.errorDescription()).doesNotContain("<script>").contains("unknown");
  }

  private static ProviderConsentRef ref() {
    return new ProviderConsentRef("c-1", "thistle-sandbox", "tenant:42", Map.of(), null);
  }

  private static Set<Permission> permissionSet(String names) {
    return names.isBlank() ? Set.of() : Arrays.stream(names.split(",")).map(String::trim).map(Permission::valueOf)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
  }

  private static Set<FeatureEnum> featureSet(String names) {
    return names.isBlank() ? Set.of() : Arrays.stream(names.split(",")).map(String::trim).map(FeatureEnum::valueOf)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(FeatureEnum.class)));
  }
}
