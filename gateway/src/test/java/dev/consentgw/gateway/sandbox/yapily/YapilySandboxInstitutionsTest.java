package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class YapilySandboxInstitutionsTest {

  @Test
  void thousandsOfGeneratedInstitutionsAreDeterministic() {
    YapilySandboxInstitutions first = new YapilySandboxInstitutions(5_000);
    YapilySandboxInstitutions second = new YapilySandboxInstitutions(5_000);

    assertThat(first.size()).isEqualTo(5_004);
    assertThat(first.dataJson()).isEqualTo(second.dataJson());
    assertThat(new JsonArray(first.dataJson())).hasSize(5_004);
    assertThat(first.find("generated-05000-sandbox")).map(SandboxInstitution::countryCode).contains("DE");
    assertThat(first.find("generated-00001-sandbox")).map(SandboxInstitution::countryCode).contains("GB");
  }

  @Test
  void theFixedInstitutionsBehaveAsDocumented() {
    YapilySandboxInstitutions institutions = new YapilySandboxInstitutions(0);

    assertThat(institutions.size()).isEqualTo(4);
    assertThat(institutions.find(YapilySandboxInstitutions.BRUECKENBANK).orElseThrow().needsPreAuthorisation()).isTrue();
    assertThat(institutions.find(YapilySandboxInstitutions.FERROUS).orElseThrow().bankFails()).isTrue();
    assertThat(institutions.find(YapilySandboxInstitutions.HARBOURSIDE).orElseThrow().offers("IDENTITY")).isFalse();
    assertThat(institutions.find(YapilySandboxInstitutions.THISTLE).orElseThrow().offers("IDENTITY")).isTrue();
    assertThat(institutions.find(null)).isEmpty();
  }
}
