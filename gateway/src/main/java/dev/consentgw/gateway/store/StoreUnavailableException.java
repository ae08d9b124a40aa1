package dev.consentgw.gateway.store;

import java.time.Duration;

/**
 * The store could not be reached or did not answer in time: the request may succeed if retried
 * later. The message never carries connection details or credentials.
 */
public final class StoreUnavailableException extends RuntimeException {

  private final Duration retryAfter;

  public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
