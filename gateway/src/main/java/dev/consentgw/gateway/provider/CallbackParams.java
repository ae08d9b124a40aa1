package dev.consentgw.gateway.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query parameters a provider put on the browser redirect back to the gateway.
 *
 * @param values one value per name (the first, when a name came several times)
 * @param repeated the names that came more than once with different values, which a provider may
 *     give a meaning to (Yapily's multiple-consents return)
 */
public record CallbackParams(Map<String, String> values, Set<String> repeated) {

  public CallbackParams {
    values = Map.copyOf(values);
    repeated = Set.copyOf(repeated);
  }

  public CallbackParams(Map<String, String> values) {
    this(values, Set.of());
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  /** Whether {@code name} came more than once, with different values. */
  public boolean repeated(String name) {
    return repeated.contains(name);
  }

  @Override
  public String toString() {
    // Values may carry consent tokens or one-time tokens: only names are printable.
    return "CallbackParams" + values.keySet() + (repeated.isEmpty() ? "" : " repeated " + repeated);
  }
}
