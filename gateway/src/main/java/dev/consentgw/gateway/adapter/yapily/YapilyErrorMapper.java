package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.clients.yapily.invoker.ApiException;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.UpstreamCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;

/**
 * Classifies every failed Yapily call into a {@link ProviderFailure}. Error bodies are read
 * tolerantly in both of Yapily's shapes — legacy {@code {error:{code, status, message, source,
 * institutionError}}} and newer {@code {error:{code, status, source, issues:[{..., institutionError}]}}}
 * — and never copied into the result: they may echo request data.
 */
final class YapilyErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(YapilyErrorMapper.class);

  private final ObjectMapper json;

  YapilyErrorMapper(ObjectMapper json) {
    this.json = json;
  }

  /** What a Yapily error body says, as far as classification needs it. */
  record ErrorBody(String code, String source, boolean institutionError) {
    static final ErrorBody NONE = new ErrorBody(null, null, false);
  }

  ProviderFailure failure(Throwable cause, UpstreamCall call) {
    if (cause instanceof ProviderFailure failure) {
      return failure;
    }
    if (isTimeout(cause)) {
      return failure(Kind.TIMEOUT, call, 0);
    }
    if (!(cause instanceof ApiException api) || api.getCode() == 0) {
      return failure(Kind.UNAVAILABLE, call, 0);
    }
    int status = api.getCode();
    ErrorBody body = parse(api.getResponseBody());
    if (LOG.isDebugEnabled()) {
      LOG.debug("Yapily {} answered {} (error code {}, source {})", call.operation(), status, body.code(), body.source());
    }
    return failure(classify(status, body), call, status);
  }

  /** A 2xx answer that lacked what the operation needs (status unknown by then, so 0). */
  ProviderFailure incomplete(UpstreamCall call) {
    return new ProviderFailure(new ProviderError(Kind.UNAVAILABLE, YapilyAdapter.ID, null, 0,
        "Yapily's answer to " + call.operation() + " was incomplete."));
  }

  /** The classification table; the bank's fault wins over the status (Yapily wraps bank errors in any status). */
  static Kind classify(int status, ErrorBody body) {
    if (status == 424 || "INSTITUTION".equalsIgnoreCase(body.source()) || body.institutionError()) {
      return Kind.INSTITUTION_UNAVAILABLE;
    }
    if (status >= 500) {
      return Kind.UNAVAILABLE;
    }
    return switch (status) {
      case 401 -> Kind.AUTHENTICATION;
      case 404 -> Kind.NOT_FOUND;
      default -> status >= 400 ? Kind.REJECTED : Kind.UNAVAILABLE;
    };
  }

  /** Reads either error shape; anything unexpected yields {@link ErrorBody#NONE}, never an exception. */
  ErrorBody parse(String body) {
    if (body == null || body.isBlank()) {
      return ErrorBody.NONE;
    }
    JsonNode error;
    try {
      error = json.readTree(body).path("error");
    } catch (Exception e) {
      return ErrorBody.NONE;
    }
    if (!error.isObject()) {
      return ErrorBody.NONE;
    }
    boolean institutionError = error.path("institutionError").isObject();
    for (JsonNode issue : error.path("issues")) {
      institutionError |= issue.path("institutionError").isObject();
    }
    JsonNode code = error.path("code");
    JsonNode source = error.path("source");
    return new ErrorBody(code.isValueNode() ? code.asText() : null, source.isTextual() ? source.asText() : null,
        institutionError);
  }

  private static ProviderFailure failure(Kind kind, UpstreamCall call, int status) {
    // Only a failure the bank caused concerns the institution (per-institution breakers read the call instead).
    String institutionId = kind == Kind.INSTITUTION_UNAVAILABLE ? call.institutionId() : null;
    return new ProviderFailure(new ProviderError(kind, YapilyAdapter.ID, institutionId, status,
        detail(kind, status) + " (" + call.operation() + ")"));
  }

  private static String detail(Kind kind, int status) {
    return switch (kind) {
      case TIMEOUT -> "Yapily did not answer in time.";
      case UNAVAILABLE -> status == 0 ? "Yapily could not be reached."
          : status < 300 ? "Yapily's answer could not be understood." : "Yapily failed to process the request.";
      case INSTITUTION_UNAVAILABLE -> "The institution failed or does not support the request.";
      case AUTHENTICATION -> "Yapily did not accept the application credentials.";
      case REJECTED -> status == 403 ? "Yapily refused the request: the consent is no longer valid."
          : "Yapily rejected the request.";
      case NOT_FOUND -> "Yapily does not know the requested object.";
    };
  }

  private static boolean isTimeout(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
