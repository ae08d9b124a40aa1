package dev.consentgw.gateway.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fails a provider future; carries a {@link ProviderError}. No stack trace: it is an expected outcome.
 *
 * <p>A failure is either the outcome of a call that went upstream, or a call the gateway
 * {@linkplain #refused(ProviderError, Duration) refused to make} (circuit open, too many calls in
 * flight): then nothing was sent and {@link #retryAfter()} says when trying again makes sense.
 */
public final class ProviderFailure extends RuntimeException {

  private final ProviderError error;
  private final Duration retryAfter;

  public ProviderFailure(ProviderError error) {
    this(error, null);
  }

  private ProviderFailure(ProviderError error, Duration retryAfter) {
    super(error.provider() + " " + error.kind() + ": " + error.detail(), null, false, false);
    this.error = error;
    this.retryAfter = retryAfter;
  }

  /** A call the gateway did not send upstream; it may be tried again after {@code retryAfter}. */
  public static ProviderFailure refused(ProviderError error, Duration retryAfter) {
    return new ProviderFailure(error, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  public ProviderError error() {
    return error;
  }

  /** Present only when the gateway refused the call: how long until it would call again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
