package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.model.Country;
import dev.consentgw.clients.yapily.model.Media;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Edges of the Yapily mapper: incomplete upstream lists and what a callback's error may echo. */
class YapilyMapperEdgesTest {

  private static final ProviderConsentRef REF = new ProviderConsentRef("auth-1", "modelo", "acme:u", Map.of(), null);

  @Test
  void blankOrMissingCountryCodesAreSkipped() {
    assertThat(YapilyMapper.countries(Arrays.asList(new Country().countryCode2(" "), new Country(),
        new Country().countryCode2(" gb ")))).containsExactly("GB");
  }

  @Test
  void mediaWithoutSourceOrTypeAreSkipped() {
    assertThat(YapilyMapper.logoUrl(List.of(new Media().type("logo"), new Media().source("x"),
        new Media().type("logo").source("l")))).isEqualTo("l");
    assertThat(YapilyMapper.logoUrl(List.of(new Media().type("icon").source("first"),
        new Media().type("icon").source("second")))).isEqualTo("first");
  }

  @Test
  void theUserDecliningIsAccessDeniedWhicheverParameterSaysSo() {
    CallbackResult byCode = YapilyMapper.callbackError(REF, params(Map.of("error", "ACCESS_DENIED")));
    CallbackResult bySource = YapilyMapper.callbackError(REF, params(Map.of("error", "x", "error-source", "user")));

    for (CallbackResult denied : List.of(byCode, bySource)) {
      assertThat(denied.status()).isEqualTo(ConsentStatus.REJECTED);
      assertThat(denied.errorCode()).isEqualTo("access_denied");
      assertThat(denied.errorDescription()).isEqualTo("The user did not authorise access at the bank.");
      assertThat(denied.providerConsentId()).isEqualTo("auth-1");
    }
  }

  @Test
  void anyOtherErrorFailsTheJourneyEchoingOnlyShortCodes() {
    CallbackResult failed = YapilyMapper.callbackError(REF, params(Map.of("error", "server_error",
        "error-source", "<script>alert(1)</script>")));

    assertThat(failed.status()).isEqualTo(ConsentStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("provider_error");
    assertThat(failed.errorDescription())
        .isEqualTo("The authorisation ended with error server_error reported by unknown.");
    assertThat(YapilyMapper.callbackError(REF, params(Map.of())).errorDescription())
        .isEqualTo("The authorisation ended with error unknown reported by unknown.");
  }

  private static CallbackParams params(Map<String, String> values) {
    return new CallbackParams(values);
  }
}
