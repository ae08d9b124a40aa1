package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

/**
 * What Wych's error answers mean. Wych answers 403 when it refuses the app's own credentials, so a
 * 403 is a credentials failure here, not a rejected request — unless the body is the CDS error
 * {@code urn:au-cds:error:cds-all:Authorisation/RevokedConsent} (consent revoked or expired), which
 * Wych may pass on from the data holder. The error code is read from the OAuth shape
 * ({@code error}) or the CDS shape ({@code errors[0].code}, or its {@code meta.urn}), for DEBUG logs.
 */
final class WychErrorReader implements UpstreamErrorReader {

  static final String PROVIDER = "wych";
  static final String REVOKED_CONSENT = "urn:au-cds:error:cds-all:Authorisation/RevokedConsent";

  private static final int FORBIDDEN = 403;

  @Override
  public ErrorBody read(int status, JsonNode body) {
    JsonNode oauth = body.path("error");
    JsonNode first = body.path("errors").path(0);
    JsonNode cds = first.path("code");
    String code = oauth.isTextual() ? oauth.asText() : cds.isTextual() ? cds.asText() : null;
    if (REVOKED_CONSENT.equals(code) || REVOKED_CONSENT.equals(first.path("meta").path("urn").asText(null))) {
      return new ErrorBody(REVOKED_CONSENT, Kind.CONSENT_INACTIVE);
    }
    return new ErrorBody(code, status == FORBIDDEN ? Kind.AUTHENTICATION : null);
  }
}
