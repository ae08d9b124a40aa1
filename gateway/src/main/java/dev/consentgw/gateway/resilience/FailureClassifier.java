package dev.consentgw.gateway.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.UpstreamErrorReader.ErrorBody;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;

/**
 * The one table that turns any failure of an upstream call into a {@link ProviderFailure}, for
 * every provider: no answer in time → timeout; no answer at all → unavailable; an unusable 2xx →
 * unavailable; otherwise what the provider's {@link UpstreamErrorReader} says the body means, and
 * failing that the status: 401 credentials, 403 rejected, 404 not found, other 4xx rejected, 429
 * and 5xx (and stray 3xx) unavailable. Details name the provider and the operation, never a body.
 */
public final class FailureClassifier {

  private static final Logger LOG = LoggerFactory.getLogger(FailureClassifier.class);
  private static final int TOO_MANY_REQUESTS = 429;

  /** Reads error bodies only; one lenient mapper for every provider. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String provider;
  private final String displayName;
  private final UpstreamErrorReader reader;

  /**
   * @param provider the provider id, e.g. {@code wych}
   * @param displayName the provider's name as people read it in problem details, e.g. {@code Wych}
   */
  public FailureClassifier(String provider, String displayName, UpstreamErrorReader reader) {
    this.provider = provider;
    this.displayName = displayName;
    this.reader = reader;
  }

  /** Classifies {@code failure} of {@code call}; a failure already classified is returned as it is. */
  public ProviderFailure classify(Throwable failure, UpstreamCall call) {
    if (failure instanceof ProviderFailure known) {
      return known;
    }
    if (isTimeout(failure)) {
      return failure(Kind.TIMEOUT, call, 0);
    }
    if (!(failure instanceof UpstreamHttpException http)) {
      LOG.debug("{} {} failed without an answer: {}", provider, call.operation(), failure.getClass().getName());
      return failure(Kind.UNAVAILABLE, call, 0);
    }
    if (http.unreadableSuccess()) {
      return failure(Kind.UNAVAILABLE, call, http.status());
    }
    ErrorBody body = reader.read(call, http.status(), parse(http.body()));
    LOG.debug("{} answered {} to {} (error code: {})", provider, http.status(), call.operation(), body.code());
    return failure(body.kind() != null ? body.kind() : kindOf(http.status()), call, http.status());
  }

  /** A 2xx answer that lacked a member the operation needs. */
  public ProviderFailure incomplete(UpstreamCall call) {
    return new ProviderFailure(new ProviderError(Kind.UNAVAILABLE, provider, null, 0,
        displayName + "'s answer to " + call.operation() + " was incomplete."));
  }

  /** The status table, for answers the provider's reader has nothing to say about. */
  static Kind kindOf(int status) {
    if (status == 401) {
      return Kind.AUTHENTICATION;
    }
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    if (status == TOO_MANY_REQUESTS || status >= 500 || status < 400) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }

  static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // Vert.x's request timeout and ExchangeTimeout raise TimeoutException; Netty's read, write and
      // connect timeouts have types of their own.
      if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException
          || t instanceof ConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (Exception notJson) {
      return MissingNode.getInstance();
    }
  }

  private ProviderFailure failure(Kind kind, UpstreamCall call, int status) {
    // Only a failure the bank caused concerns one institution.
    String institutionId = kind == Kind.INSTITUTION_UNAVAILABLE ? call.institutionId() : null;
    return new ProviderFailure(new ProviderError(kind, provider, institutionId, status, detail(kind, call, status)));
  }

  private String detail(Kind kind, UpstreamCall call, int status) {
    String name = displayName;
    String operation = call.operation();
    return switch (kind) {
      case TIMEOUT -> name + " did not answer " + operation + " in time.";
      case UNAVAILABLE -> status == 0 ? name + " could not be reached for " + operation + "."
          : status / 100 == 2 ? name + "'s answer to " + operation + " could not be read."
          : status == TOO_MANY_REQUESTS ? name + " throttled " + operation + "."
          : name + " failed " + operation + " (" + status + ").";
      // Names no operation: the consumer asked the gateway, not the provider, for something.
      case INSTITUTION_UNAVAILABLE -> "The bank behind this institution failed the request or does not offer what was"
          + " asked (" + name + " answered " + status + "). Try again later, or choose another institution.";
      case AUTHENTICATION -> name + " refused the gateway's credentials for " + operation + " (" + status + ").";
      case REJECTED -> name + " rejected " + operation + " (" + status + ").";
      case NOT_FOUND -> name + " does not know the object of " + operation + ".";
      case UNSUPPORTED -> name + " does not offer " + operation + " for this consent (" + status + ").";
      case CONSENT_INACTIVE -> name + " says the consent no longer grants access (" + operation + ").";
    };
  }
}
