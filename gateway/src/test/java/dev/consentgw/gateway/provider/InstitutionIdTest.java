package dev.consentgw.gateway.provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InstitutionIdTest {

  @Test
  void splitsAtTheFirstSeparatorOnly() {
    assertThat(InstitutionId.parse("wych:holder:with:colons"))
        .contains(new InstitutionId("wych", "holder:with:colons"));
  }

  @Test
  void formatsAsProviderColonId() {
    assertThat(new InstitutionId("yapily", "thistle-sandbox")).hasToString("yapily:thistle-sandbox");
    assertThat(InstitutionId.parse("yapily:thistle-sandbox").map(InstitutionId::toString))
        .contains("yapily:thistle-sandbox");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "yapily", ":thistle", "yapily:"})
  void refusesIdsMissingAPart(String text) {
    assertThat(InstitutionId.parse(text)).isEmpty();
  }
}
