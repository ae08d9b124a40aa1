package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

/**
 * What Wych's error answers mean. Wych answers 403 when it refuses the app's own credentials, so a
 * 403 is a credentials failure here, not a rejected request. Error codes are read tolerantly from
 * the OAuth shape ({@code error}) or the CDS shape ({@code errors[0].code}), for DEBUG logs only.
 */
final class WychErrorReader implements UpstreamErrorReader {

  static final String PROVIDER = "wych";

  private static final int FORBIDDEN = 403;

  private final ObjectMapper json;

  WychErrorReader(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String displayName() {
    return "Wych";
  }

  @Override
  public ErrorBody read(int status, String body) {
    return new ErrorBody(errorCode(body), status == FORBIDDEN ? Kind.AUTHENTICATION : null);
  }

  private String errorCode(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode root = json.readTree(body);
      JsonNode oauth = root.path("error");
      if (oauth.isTextual()) {
        return oauth.asText();
      }
      JsonNode cds = root.path("errors").path(0).path("code");
      return cds.isTextual() ? cds.asText() : null;
    } catch (Exception notJson) {
      return null;
    }
  }
}
