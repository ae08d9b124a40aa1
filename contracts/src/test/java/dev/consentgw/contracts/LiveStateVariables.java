package dev.consentgw.contracts;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.ProviderState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Provider states a live provider can only be in because a person made it so (approved a
 * connection or consent at a bank, then perhaps revoked it): the live verification runs their
 * interactions only when environment variables name such a real connection or consent, and skips
 * them with the names of the missing variables otherwise.
 */
public final class LiveStateVariables {

  private final Map<String, List<String>> variablesByState = new LinkedHashMap<>();
  private final Function<String, String> environment;

  public LiveStateVariables(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Declares that {@code state} needs all of {@code variables}. */
  public LiveStateVariables require(String state, String... variables) {
    variablesByState.put(state, List.of(variables));
    return this;
  }

  /** Why {@code interaction} cannot run here (the variables its states need and lack); empty when it can. */
  public Optional<String> skipReason(Interaction interaction) {
    return skipReason(interaction.getProviderStates().stream().map(ProviderState::getName).toList());
  }

  /** As {@link #skipReason(Interaction)}, for the names of an interaction's provider states. */
  public Optional<String> skipReason(List<String> stateNames) {
    Set<String> missing = new LinkedHashSet<>();
    List<String> states = new ArrayList<>();
    for (String state : stateNames) {
      for (String variable : variablesByState.getOrDefault(state, List.of())) {
        if (value(variable).isEmpty()) {
          missing.add(variable);
          states.add(state);
        }
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("provider state '" + String.join("', '", new LinkedHashSet<>(states))
        + "' needs a real connection or consent a person approved at a bank: set " + String.join(", ", missing)
        + " (see README, \"Contracts\")");
  }

  /** The variable's value, trimmed; empty when unset or blank. */
  public Optional<String> value(String variable) {
    String value = environment.apply(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** The variable's value; fails naming it when unset (a state handler runs only after {@link #skipReason}). */
  public String get(String variable) {
    return value(variable).orElseThrow(() -> new IllegalStateException(variable + " is not set"));
  }
}
