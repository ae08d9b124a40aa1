package dev.consentgw.gateway.sandbox.yapily;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Direct access to the Yapily simulator's state, for tests that must put it into a known situation
 * before a request (the provider states of contract verification). Nothing here is reachable over
 * HTTP. Consents are seeded through the same transitions a journey takes (authorisation request,
 * then the user's approval at the bank), so a seeded consent is indistinguishable from a real one.
 */
public final class YapilySandboxControl {

  /** What the simulator's catalogue says about one institution. */
  public record InstitutionFacts(String id, List<String> features, boolean needsPreAuthorisation, boolean bankFails) {
  }

  /**
   * A consent the user approved at the bank.
   *
   * @param consentToken the secret Yapily hands the application for it
   * @param oneTimeToken what the redirect to the application's callback would have carried instead
   */
  public record SeededConsent(UUID id, String consentToken, String oneTimeToken) {
    @Override
    public String toString() {
      return "SeededConsent[" + id + "]";
    }
  }

  private final YapilySandboxInstitutions institutions;
  private final YapilySandboxState state;

  YapilySandboxControl(YapilySandboxInstitutions institutions, YapilySandboxState state) {
    this.institutions = institutions;
    this.state = state;
  }

  /** Forgets every user, consent and token, and ends a simulated outage. */
  public void reset() {
    state.clear();
    state.outage(false);
  }

  /** While {@code down}, every API call answers 503 in Yapily's legacy error shape. */
  public void simulateOutage(boolean down) {
    state.outage(down);
  }

  public Optional<InstitutionFacts> institution(String institutionId) {
    return institutions.find(institutionId).map(institution -> new InstitutionFacts(institution.id(),
        institution.features(), institution.needsPreAuthorisation(), institution.bankFails()));
  }

  /** The application's user with this id, created if new; its uuid. */
  public UUID addUser(String applicationUserId) {
    return state.userFor(applicationUserId).uuid();
  }

  /** A single-leg consent the user authorised at the bank, asked with a one-time token for the callback. */
  public SeededConsent seedAuthorisedConsent(String applicationUserId, String institutionId, List<String> features) {
    return seedApproved(applicationUserId, institutionId, features, false);
  }

  /** The first leg of a two-leg journey, which the user completed at the bank: status PRE_AUTHORIZED. */
  public SeededConsent seedPreAuthorisedConsent(String applicationUserId, String institutionId) {
    return seedApproved(applicationUserId, institutionId, List.of(), true);
  }

  private SeededConsent seedApproved(String applicationUserId, String institutionId, List<String> features,
      boolean preAuthorisation) {
    SandboxInstitution institution = institutions.find(institutionId)
        .orElseThrow(() -> new IllegalArgumentException("The simulator lists no institution " + institutionId));
    SimulatedConsent created = state.createAuthorisation(state.userFor(applicationUserId), institution.id(), features,
        null, true, preAuthorisation, null);
    YapilySandboxState.Decision decision = state.decide(created.bankSession(), true);
    return new SeededConsent(created.id(), decision.consent().consentToken(), decision.oneTimeToken());
  }
}
