package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

/**
 * What Yapily's error answers mean. Both of Yapily's shapes are read — legacy
 * {@code {error:{code, status, message, source, institutionError}}} and newer
 * {@code {error:{code, status, source, issues:[{..., institutionError}]}}} — and a failure Yapily
 * attributes to the bank (424, {@code source: INSTITUTION}, an {@code institutionError}) is the
 * bank's whatever the status: Yapily wraps bank errors in any status. On a data read with the
 * {@code consent} header, 401 and 403 mean the consent no longer grants access (Yapily: revoked at
 * the bank, or needing re-authorisation), not that the application's credentials are wrong.
 */
final class YapilyErrorReader implements UpstreamErrorReader {

  private static final int FAILED_DEPENDENCY = 424;
  private static final int UNAUTHORIZED = 401;
  private static final int FORBIDDEN = 403;

  @Override
  public ErrorBody read(UpstreamCall call, int status, JsonNode body) {
    ErrorBody read = read(status, body);
    if (read.kind() == null && call.onConsent() && (status == UNAUTHORIZED || status == FORBIDDEN)) {
      return new ErrorBody(read.code(), Kind.CONSENT_INACTIVE);
    }
    return read;
  }

  @Override
  public ErrorBody read(int status, JsonNode body) {
    JsonNode error = body.path("error");
    boolean bankSide = status == FAILED_DEPENDENCY
        || error.isObject() && ("INSTITUTION".equalsIgnoreCase(error.path("source").asText(""))
            || error.path("institutionError").isObject());
    for (JsonNode issue : error.path("issues")) {
      bankSide |= issue.path("institutionError").isObject();
    }
    JsonNode code = error.path("code");
    return new ErrorBody(code.isValueNode() ? code.asText() : null, bankSide ? Kind.INSTITUTION_UNAVAILABLE : null);
  }
}
