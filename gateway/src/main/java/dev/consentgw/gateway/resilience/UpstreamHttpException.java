package dev.consentgw.gateway.resilience;

/**
 * An upstream answered, but not with something the caller can use: an error status, or a 2xx whose
 * body could not be decoded. Carries the body only so the provider's {@link UpstreamErrorReader}
 * can classify it; the body never reaches logs or consumers (it may echo credentials). No stack
 * trace: it is an expected outcome.
 */
public final class UpstreamHttpException extends RuntimeException {

  private final int status;
  private final transient String body;

  public UpstreamHttpException(int status, String body, Throwable cause) {
    super("upstream answered " + status, cause, false, false);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The raw body, for classification only; may be null. */
  public String body() {
    return body;
  }

  /** A 2xx that could not be decoded into what the operation returns. */
  public boolean unreadableSuccess() {
    return status / 100 == 2;
  }
}
