package dev.consentgw.gateway.provider;

/** Fails a provider future; carries a {@link ProviderError}. No stack trace: it is an expected outcome. */
public final class ProviderFailure extends RuntimeException {

  private final ProviderError error;

  public ProviderFailure(ProviderError error) {
    super(error.provider() + " " + error.kind() + ": " + error.detail(), null, false, false);
    this.error = error;
  }

  public ProviderError error() {
    return error;
  }
}
