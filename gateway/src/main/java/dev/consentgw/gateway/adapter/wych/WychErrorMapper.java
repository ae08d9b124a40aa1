package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.invoker.ApiException;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;

/**
 * Turns every failure of a generated-client call into a {@link ProviderFailure}. Upstream bodies
 * never reach the error: they may echo credentials. Only the status and, at DEBUG, a parsed error
 * code are logged.
 */
final class WychErrorMapper {

  static final String PROVIDER = "wych";

  private static final Logger LOG = LoggerFactory.getLogger(WychErrorMapper.class);

  /**
   * @param institutionId the data holder the call concerned, or null
   * @param operation the generated client's operation, for the detail sentence
   */
  ProviderFailure toFailure(Throwable failure, String institutionId, String operation) {
    if (failure instanceof ProviderFailure known) {
      return known;
    }
    if (failure instanceof ApiException api && api.getCode() > 0) {
      return fromStatus(api, institutionId, operation);
    }
    if (isTimeout(failure)) {
      return failure(Kind.TIMEOUT, institutionId, 0, "Wych did not answer " + operation + " in time");
    }
    LOG.debug("Wych {} failed without a response: {}", operation, failure.getClass().getName());
    return failure(Kind.UNAVAILABLE, institutionId, 0, "Wych could not be reached for " + operation);
  }

  /**
   * A 2xx answer that lacks a member the adapter needs. The generated API hides the exact status
   * of a success, so it is reported as 200.
   */
  ProviderFailure unreadable(String institutionId, String operation) {
    return unreadable(institutionId, operation, 200);
  }

  private static ProviderFailure unreadable(String institutionId, String operation, int status) {
    return failure(Kind.UNAVAILABLE, institutionId, status, "Wych's answer to " + operation + " could not be read");
  }

  private ProviderFailure fromStatus(ApiException api, String institutionId, String operation) {
    int status = api.getCode();
    if (LOG.isDebugEnabled()) {
      LOG.debug("Wych answered {} to {} (error code: {})", status, operation, errorCode(api.getResponseBody()));
    }
    if (status / 100 == 2) {
      return unreadable(institutionId, operation, status);
    }
    Kind kind = kindOf(status);
    String detail = switch (kind) {
      case AUTHENTICATION -> "Wych refused the gateway's credentials for " + operation + " (" + status + ")";
      case NOT_FOUND -> "Wych does not know the object of " + operation;
      case REJECTED -> "Wych rejected " + operation + " (" + status + ")";
      default -> status == 429
          ? "Wych throttled " + operation
          : "Wych failed " + operation + " (" + status + ")";
    };
    return failure(kind, institutionId, status, detail);
  }

  /** The status table: which kind of failure each upstream HTTP status is. */
  static Kind kindOf(int status) {
    if (status == 401 || status == 403) {
      return Kind.AUTHENTICATION;
    }
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    if (status == 429 || status >= 500 || status < 400) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Vert.x raises NoStackTraceTimeoutException (a TimeoutException) for the request timeout;
      // Netty's read/write/connect timeouts have their own types.
      if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException
          || t instanceof ConnectTimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** An error code from a tolerant read of the body (OAuth {@code error} or the first CDS code). */
  private static String errorCode(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(body);
      if (json.getValue("error") instanceof String code) {
        return code;
      }
      if (json.getValue("errors") instanceof JsonArray errors && !errors.isEmpty()
          && errors.getValue(0) instanceof JsonObject first && first.getValue("code") instanceof String code) {
        return code;
      }
      return null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static ProviderFailure failure(Kind kind, String institutionId, int status, String detail) {
    return new ProviderFailure(new ProviderError(kind, PROVIDER, institutionId, status, detail));
  }
}
