package dev.consentgw.contracts;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.ProviderState;
import au.com.dius.pact.provider.junitsupport.filter.InteractionFilter;

import java.util.Set;
import java.util.function.Predicate;

/**
 * For {@code @PactFilter}: keeps the interactions that need none of the named provider states.
 * A real provider cannot be put into some states on demand (a bank that fails, a consent a person
 * approved at the bank); the live verifications leave those interactions to the simulators.
 */
public final class WithoutProviderStates implements InteractionFilter<Interaction> {

  @Override
  public Predicate<Interaction> buildPredicate(String[] states) {
    Set<String> excluded = Set.of(states);
    return interaction -> interaction.getProviderStates().stream()
        .map(ProviderState::getName)
        .noneMatch(excluded::contains);
  }
}
