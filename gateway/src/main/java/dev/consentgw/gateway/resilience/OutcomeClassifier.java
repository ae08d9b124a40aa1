package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the outcome of one upstream call says, and to whom: the table behind the breakers and
 * retries. Transport failures, timeouts, server errors and refused credentials (broken for every
 * caller) are the provider's failures; a failure the provider attributes to the bank is that
 * institution's; requests the provider rejected or objects it does not know say nothing about
 * anyone's health. Only provider failures that may pass on their own are worth a retry, and never
 * a throttled one (429): retrying it is exactly the hammering the provider asked us to stop.
 */
final class OutcomeClassifier {

  /** How an outcome counts for one circuit breaker. */
  enum Verdict { SUCCESS, FAILURE, NEUTRAL }

  private record Row(Verdict provider, Verdict institution, boolean retryable) {
  }

  private static final int TOO_MANY_REQUESTS = 429;
  private static final Map<Kind, Row> TABLE = new EnumMap<>(Kind.class);

  static {
    TABLE.put(Kind.TIMEOUT, new Row(Verdict.FAILURE, Verdict.NEUTRAL, true));
    TABLE.put(Kind.UNAVAILABLE, new Row(Verdict.FAILURE, Verdict.NEUTRAL, true));
    TABLE.put(Kind.AUTHENTICATION, new Row(Verdict.FAILURE, Verdict.NEUTRAL, false));
    TABLE.put(Kind.INSTITUTION_UNAVAILABLE, new Row(Verdict.NEUTRAL, Verdict.FAILURE, false));
    TABLE.put(Kind.REJECTED, new Row(Verdict.NEUTRAL, Verdict.NEUTRAL, false));
    TABLE.put(Kind.NOT_FOUND, new Row(Verdict.NEUTRAL, Verdict.NEUTRAL, false));
  }

  /** A success, or anything that is not a classified failure of a call that went upstream. */
  private static final Row SUCCESS = new Row(Verdict.SUCCESS, Verdict.SUCCESS, false);
  private static final Row UNCLASSIFIED = new Row(Verdict.NEUTRAL, Verdict.NEUTRAL, false);

  private OutcomeClassifier() {
  }

  /** @param failure the call's failure, or null when it succeeded */
  static Verdict forProvider(Throwable failure) {
    return row(failure).provider();
  }

  /** @param failure the call's failure, or null when it succeeded */
  static Verdict forInstitution(Throwable failure) {
    return row(failure).institution();
  }

  static boolean retryable(Throwable failure) {
    return row(failure).retryable()
        && ((ProviderFailure) failure).error().upstreamStatus() != TOO_MANY_REQUESTS;
  }

  private static Row row(Throwable failure) {
    if (failure == null) {
      return SUCCESS;
    }
    // Adapters classify every upstream failure; anything else is the gateway's own bug, and a
    // refused call never reached upstream: neither says anything about the upstream's health.
    if (!(failure instanceof ProviderFailure provider) || provider.retryAfter().isPresent()) {
      return UNCLASSIFIED;
    }
    return TABLE.get(provider.error().kind());
  }
}
