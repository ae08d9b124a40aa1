package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.resilience.UpstreamErrorReader;

/**
 * What Yapily's error answers mean. Both of Yapily's shapes are read — legacy
 * {@code {error:{code, status, message, source, institutionError}}} and newer
 * {@code {error:{code, status, source, issues:[{..., institutionError}]}}} — and a failure Yapily
 * attributes to the bank (424, {@code source: INSTITUTION}, an {@code institutionError}) is the
 * bank's whatever the status: Yapily wraps bank errors in any status.
 */
final class YapilyErrorReader implements UpstreamErrorReader {

  private static final int FAILED_DEPENDENCY = 424;

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
