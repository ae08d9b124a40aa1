package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

import java.util.regex.Pattern;

/**
 * What Wych's error answers mean. Wych answers 403 when it refuses the app's own credentials, so a
 * bare 403 is a credentials failure here. A 403 carrying a CDS error ({@code urn:au-cds:error:...},
 * passed on from the data holder) is about the consent or the request, never about the gateway's
 * credentials: treating it as one would open the provider breaker and drop every token. The CDS
 * {@code Authorisation/RevokedConsent} (consent revoked or expired; seen both in the {@code cds-all}
 * namespace and as {@code cds-au:Authorisation:RevokedConsent}) means the consent ended. The code is
 * read from the OAuth shape ({@code error}) or the CDS shape ({@code errors[0].code}, or its
 * {@code meta.urn}).
 */
final class WychErrorReader implements UpstreamErrorReader {

  static final String PROVIDER = "wych";
  static final String REVOKED_CONSENT = "urn:au-cds:error:cds-all:Authorisation/RevokedConsent";

  private static final int FORBIDDEN = 403;
  private static final String CDS_PREFIX = "urn:au-cds:error:";
  private static final Pattern REVOKED = Pattern.compile(
      "urn:au-cds:error:cds-(all|au):Authorisation[/:]RevokedConsent");

  @Override
  public ErrorBody read(int status, JsonNode body) {
    JsonNode oauth = body.path("error");
    JsonNode first = body.path("errors").path(0);
    JsonNode cds = first.path("code");
    String code = oauth.isTextual() ? oauth.asText() : cds.isTextual() ? cds.asText() : null;
    String urn = first.path("meta").path("urn").asText(null);
    if (isRevoked(code) || isRevoked(urn)) {
      return new ErrorBody(code, Kind.CONSENT_INACTIVE);
    }
    if (status != FORBIDDEN) {
      return new ErrorBody(code, null);
    }
    return new ErrorBody(code, isCds(code) || isCds(urn) ? Kind.REJECTED : Kind.AUTHENTICATION);
  }

  private static boolean isRevoked(String code) {
    return code != null && REVOKED.matcher(code).matches();
  }

  private static boolean isCds(String code) {
    return code != null && code.startsWith(CDS_PREFIX);
  }
}
