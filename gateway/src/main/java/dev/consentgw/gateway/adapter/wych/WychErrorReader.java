package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

/**
 * What Wych's error answers mean. Wych answers 403 when it refuses the app's own credentials, so a
 * 403 is a credentials failure here, not a rejected request. The error code is read from the OAuth
 * shape ({@code error}) or the CDS shape ({@code errors[0].code}), for DEBUG logs only.
 */
final class WychErrorReader implements UpstreamErrorReader {

  static final String PROVIDER = "wych";

  private static final int FORBIDDEN = 403;

  @Override
  public ErrorBody read(int status, JsonNode body) {
    JsonNode oauth = body.path("error");
    JsonNode cds = body.path("errors").path(0).path("code");
    String code = oauth.isTextual() ? oauth.asText() : cds.isTextual() ? cds.asText() : null;
    return new ErrorBody(code, status == FORBIDDEN ? Kind.AUTHENTICATION : null);
  }
}
