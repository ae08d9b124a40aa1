package dev.consentgw.gateway.app;

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
}
