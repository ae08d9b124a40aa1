package dev.consentgw.gateway.provider;

import java.util.Map;
import java.util.Optional;

/** The query parameters a provider put on the browser redirect back to the gateway. */
public record CallbackParams(Map<String, String> values) {

  public CallbackParams {
    values = Map.copyOf(values);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  @Override
  public String toString() {
    // Values may carry consent tokens or one-time tokens: only names are printable.
    return "CallbackParams" + values.keySet();
  }
}
