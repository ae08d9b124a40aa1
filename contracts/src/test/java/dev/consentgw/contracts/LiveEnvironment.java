package dev.consentgw.contracts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The environment variables a live-provider verification runs on; all missing ones are named at once. */
public final class LiveEnvironment {

  private final Map<String, String> values;

  private LiveEnvironment(Map<String, String> values) {
    this.values = values;
  }

  /**
   * The {@code required} variables, read through {@code environment}; fails naming every one that
   * is unset or blank.
   */
  public static LiveEnvironment require(String provider, Function<String, String> environment, String... required) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : required) {
      String value = environment.apply(name);
      if (value == null || value.isBlank()) {
        missing.add(name);
      } else {
        values.put(name, value.trim());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Verifying the " + provider + " pact against a live provider needs "
          + String.join(", ", required) + " in the environment. Missing: " + String.join(", ", missing)
          + ". Set them to a " + provider + " sandbox's base URL(s) and credentials and run "
          + "mvn -B -pl contracts -am verify -Plive-providers (see README, \"Contracts\").");
    }
    return new LiveEnvironment(values);
  }

  public String get(String name) {
    return values.get(name);
  }
}
