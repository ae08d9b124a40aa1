package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError.Kind;

/**
 * What one provider's error answers mean, beyond their HTTP status: the only provider knowledge
 * the {@link FailureClassifier} asks for. Implementations read bodies tolerantly and never throw.
 */
public interface UpstreamErrorReader {

  /** The provider's name as people read it in problem details, e.g. {@code Yapily}. */
  String displayName();

  /** What the answer says; {@link ErrorBody#NONE} when the body says nothing the reader knows. */
  ErrorBody read(int status, String body);

  /**
   * @param code the provider's own error code, for DEBUG logs only (never a body excerpt)
   * @param kind how this provider means the answer when that differs from the status table
   *     (e.g. a failure it attributes to the bank); null to let the status decide
   */
  record ErrorBody(String code, Kind kind) {
    public static final ErrorBody NONE = new ErrorBody(null, null);
  }
}
