package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.observability.UpstreamOutcome;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the outcome of one upstream call says, and to whom: the table behind the breakers and
 * retries. Transport failures, timeouts, server errors and refused credentials (broken for every
 * caller) are the provider's failures; a failure the provider attributes to the bank is that
 * institution's. Only provider failures that may pass on their own are worth a retry, and never a
 * throttled one (429): retrying it is exactly the hammering the provider asked us to stop.
 *
 * <p>The circuit-breaker library knows only failures and successes (a success resets the failure
 * count and closes a half-open breaker), so every outcome that is not a breaker's failure counts
 * as that breaker's success: for the provider, an answer proves it is up even when it rejects the
 * request, does not know the object or blames the bank; for an institution, only the provider
 * blaming the bank is a failure. The gateway's own bugs and calls refused further down are no
 * evidence against anyone, and a failure would let them open a breaker: they count as successes too.
 */
final class OutcomeClassifier {

  /** How an outcome counts for one circuit breaker. */
  enum Verdict { SUCCESS, FAILURE }

  private record Row(Verdict provider, Verdict institution, boolean retryable) {
  }

  private static final int TOO_MANY_REQUESTS = 429;
  private static final Map<Kind, Row> TABLE = new EnumMap<>(Kind.class);

  static {
    TABLE.put(Kind.TIMEOUT, new Row(Verdict.FAILURE, Verdict.SUCCESS, true));
    TABLE.put(Kind.UNAVAILABLE, new Row(Verdict.FAILURE, Verdict.SUCCESS, true));
    TABLE.put(Kind.AUTHENTICATION, new Row(Verdict.FAILURE, Verdict.SUCCESS, false));
    TABLE.put(Kind.INSTITUTION_UNAVAILABLE, new Row(Verdict.SUCCESS, Verdict.FAILURE, false));
    TABLE.put(Kind.REJECTED, new Row(Verdict.SUCCESS, Verdict.SUCCESS, false));
    TABLE.put(Kind.NOT_FOUND, new Row(Verdict.SUCCESS, Verdict.SUCCESS, false));
    TABLE.put(Kind.UNSUPPORTED, new Row(Verdict.SUCCESS, Verdict.SUCCESS, false));
    // The provider and the bank answered: the consent ended, nobody is failing.
    TABLE.put(Kind.CONSENT_INACTIVE, new Row(Verdict.SUCCESS, Verdict.SUCCESS, false));
  }

  /** A success, or anything that is not a classified failure of a call that went upstream. */
  private static final Row SUCCESS = new Row(Verdict.SUCCESS, Verdict.SUCCESS, false);

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

  /** The {@code outcome} label of an attempt that went upstream; a refused call is labelled where it is refused. */
  static UpstreamOutcome forMetrics(Throwable failure) {
    if (failure == null) {
      return UpstreamOutcome.SUCCESS;
    }
    if (!(failure instanceof ProviderFailure provider)) {
      return UpstreamOutcome.GATEWAY_ERROR;
    }
    int status = provider.error().upstreamStatus();
    return switch (provider.error().kind()) {
      case TIMEOUT -> UpstreamOutcome.TIMEOUT;
      case INSTITUTION_UNAVAILABLE -> UpstreamOutcome.BANK_SIDE;
      default -> status >= 500 ? UpstreamOutcome.SERVER_ERROR
          : status >= 400 ? UpstreamOutcome.CLIENT_ERROR
          // No answer, or a 2xx/3xx that could not be used.
          : UpstreamOutcome.TRANSPORT;
    };
  }

  private static Row row(Throwable failure) {
    // Adapters classify every upstream failure; anything else is the gateway's own bug, and a
    // refused call never reached upstream.
    if (failure == null || !(failure instanceof ProviderFailure provider) || provider.retryAfter().isPresent()) {
      return SUCCESS;
    }
    return TABLE.get(provider.error().kind());
  }
}
