package dev.consentgw.gateway.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.provider.ProviderError.Kind;

/**
 * What one provider's error answers mean beyond their HTTP status: the only provider knowledge the
 * {@link FailureClassifier} asks for. Implementations navigate the body without throwing.
 */
@FunctionalInterface
public interface UpstreamErrorReader {

  /**
   * What the answer says.
   *
   * @param body the answer's body as JSON; a missing node when it was empty or not JSON
   * @return {@link ErrorBody#NONE} when the body says nothing the reader knows
   */
  ErrorBody read(int status, JsonNode body);

  /**
   * What the answer to {@code call} says; readers whose providers answer data reads on an ended
   * consent in their own way override this (see {@link UpstreamCall#onConsent()}).
   */
  default ErrorBody read(UpstreamCall call, int status, JsonNode body) {
    return read(status, body);
  }

  /**
   * @param code the provider's own error code, for DEBUG logs only (never a body excerpt)
   * @param kind how this provider means the answer when that differs from the status table
   *     (e.g. a failure it attributes to the bank); null to let the status decide
   */
  record ErrorBody(String code, Kind kind) {
    public static final ErrorBody NONE = new ErrorBody(null, null);
  }
}
