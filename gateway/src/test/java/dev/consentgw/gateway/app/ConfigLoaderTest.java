package dev.consentgw.gateway.app;

import dev.consentgw.gateway.resilience.ResilienceOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

  @Test
  void defaultsStartTheSandbox() throws Exception {
    GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).load(null);

    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.sandbox().enabled()).isTrue();
    assertThat(config.providers().wych().usesSandbox()).isTrue();
    assertThat(config.providers().yapily().usesSandbox()).isTrue();
    assertThat(config.http().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.journeys().tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.tenants()).extracting(GatewayConfig.TenantEntry::id).containsExactly("demo");
  }

  @Test
  void operatorValuesAndEnvironmentReferencesWin() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.of("YAPILY_APPLICATION_SECRET", "s\"ec$ret", "APP_ID", "app-1")::get);

    GatewayConfig config = loader.loadWithOverrides("""
        server: {port: 9090}
        providers:
          yapily:
            baseUrl: https://api.yapily.com
            applicationId: ${APP_ID}
        """);

    assertThat(config.server().port()).isEqualTo(9090);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.providers().yapily().applicationId()).isEqualTo("app-1");
    assertThat(config.providers().yapily().applicationSecret()).isEqualTo("s\"ec$ret");
    assertThat(config.providers().yapily().toString()).doesNotContain("ec$ret");
  }

  @Test
  void resilienceDefaultsAreTheDesignedOnes() throws Exception {
    ResilienceOptions r = new ConfigLoader(Map.<String, String>of()::get).load(null).resilience();

    assertThat(r.requestDeadline()).isEqualTo(Duration.ofSeconds(15));
    assertThat(r.retries()).isEqualTo(new ResilienceOptions.Retries(1, Duration.ofMillis(100), 0.2, 3, Duration.ofSeconds(10)));
    assertThat(r.bulkhead().maxConcurrentCalls()).isEqualTo(64);
    assertThat(r.providerBreaker()).isEqualTo(new ResilienceOptions.Breaker(5, Duration.ofSeconds(15)));
    assertThat(r.institutionBreaker())
        .isEqualTo(new ResilienceOptions.InstitutionBreaker(5, Duration.ofSeconds(15), 10_000, Duration.ofHours(1)));
  }

  @Test
  void impossibleResilienceSettingsRefuseToStart() {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    assertThatThrownBy(() -> loader.loadWithOverrides("""
        resilience:
          requestDeadline: PT0S
          retries: {maxRetries: -1, budgetRatio: 1.5}
          bulkhead: {maxConcurrentCalls: 0}
          institutionBreaker: {failureThreshold: 0, maxTracked: 0}
        """))
        .hasMessageContaining("resilience.requestDeadline must be positive")
        .hasMessageContaining("resilience.retries.maxRetries and budgetMinimum must not be negative")
        .hasMessageContaining("resilience.retries.budgetRatio must be between 0 and 1")
        .hasMessageContaining("resilience.bulkhead.maxConcurrentCalls must be at least 1")
        .hasMessageContaining("resilience.institutionBreaker needs failureThreshold >= 1")
        .hasMessageContaining("resilience.institutionBreaker.maxTracked must be at least 1");
  }

  @Test
  void typosAndUnsafeSettingsRefuseToStart() {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    assertThatThrownBy(() -> loader.loadWithOverrides("server: {prot: 1}")).hasMessageContaining("prot");
    assertThatThrownBy(() -> loader.loadWithOverrides("providers: {yapily: {baseUrl: https://api.yapily.com}}"))
        .hasMessageContaining("providers.yapily.applicationSecret is required");
    assertThatThrownBy(() -> loader.loadWithOverrides("""
        tenants:
          - id: acme
            name: Acme
            apiKeySha256: [7894f07bcfdd1dd1c0d2a5ac87975d9fe69ceddd94fd92d56ad25088c2ab02ec]
            redirectUrls: [http://acme.example/return]
            providers: [yapily]
        """)).hasMessageContaining("must be https");
  }

  @Test
  void everyProblemOfEveryComponentIsListedBeforeTheServerStarts() {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    assertThatThrownBy(() -> loader.loadWithOverrides("""
        catalogue: {freshFor: PT0S}
        journeys: {tokenLifetime: PT0S}
        resilience: {bulkhead: {maxConcurrentCalls: 0}}
        providers:
          wych:
            apiBaseUrl: https://api.wych.example/v3
            tokenUrl: https://login.wych.example/realms/partner/protocol/openid-connect/auth
            apiKey: k
            clientId: c
            clientSecret: s
            partnerId: not-a-uuid
            appId: 7e57ab1e-a990-4000-8000-000000000001
          yapily: {baseUrl: ftp://api.yapily.example, applicationId: a, applicationSecret: s}
        """))
        .hasMessageContaining("catalogue.freshFor must be positive")
        .hasMessageContaining("journeys.tokenLifetime must be positive")
        .hasMessageContaining("resilience.bulkhead.maxConcurrentCalls must be at least 1")
        .hasMessageContaining("providers.wych.tokenUrl must be an absolute http(s) URL ending in /token")
        .hasMessageContaining("providers.wych.partnerId must be a UUID")
        .hasMessageContaining("providers.yapily.baseUrl must be an absolute http(s) URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("providers.wych.appId"));
  }

  @Test
  void theJourneyBindingKeyMustBeBase64OfAtLeast256BitsAndIsNeverPrinted() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    assertThatThrownBy(() -> loader.loadWithOverrides("security: {journeyBindingKey: 'not base64!'}"))
        .hasMessageContaining("security.journeyBindingKey is not base64");
    assertThatThrownBy(() -> loader.loadWithOverrides("security: {journeyBindingKey: "
        + java.util.Base64.getEncoder().encodeToString(new byte[31]) + "}"))
        .hasMessageContaining("security.journeyBindingKey must decode to at least 32 bytes");
    GatewayConfig config = loader.loadWithOverrides("security: {journeyBindingKey: " + key + "}");
    assertThat(config.security().journeyBindingKey()).isEqualTo(key);
    assertThat(config.security().toString()).contains("journeyBindingKey=<set>").doesNotContain(key);
    assertThat(loader.loadWithOverrides("").security().toString())
        .contains("journeyBindingKey=<derived from tokenEncryptionKey>");
  }
}
