package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.sandbox.SandboxLedger;

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
  private final SandboxLedger ledger;

  YapilySandboxControl(YapilySandboxInstitutions institutions, YapilySandboxState state, SandboxLedger ledger) {
    this.institutions = institutions;
    this.state = state;
    this.ledger = ledger;
  }

  /** Forgets every user, consent, token and appended transaction, and ends a simulated outage. */
  public void reset() {
    state.clear();
    ledger.clear();
    state.outage(false);
  }

  /**
   * The bank revokes the consent: Yapily still reads it AUTHORIZED but with {@code
   * isDeletedByInstitution: true}, and its data calls answer 403.
   */
  public boolean revokeAtBank(UUID consentId) {
    return state.revokeAtBank(consentId);
  }

  /** The consent reaches its end: status EXPIRED, data calls answer 403. */
  public boolean expire(UUID consentId) {
    return state.expire(consentId);
  }

  /**
   * The user started renewing the authorised (or expired) consent at the bank, as after {@code
   * PATCH /account-auth-requests}: status AWAITING_RE_AUTHORIZATION, still usable for data; false
   * when the consent cannot be renewed.
   */
  public boolean startRenewal(UUID consentId) {
    return state.startReauthorisation(consentId).isPresent();
  }

  /**
   * The pre-authorised consent's token continued its journey, as after {@code PUT
   * /account-auth-requests}: status CONSUMED, token no longer valid; false when it was not pre-authorised.
   */
  public boolean consumePreAuthorisation(UUID consentId) {
    return state.consumePreAuthorisation(consentId).isPresent();
  }

  /**
   * The application deleted the consent, as after {@code DELETE /consents/{id}}: status REVOKED,
   * token no longer valid; false for an unknown consent.
   */
  public boolean revoke(UUID consentId) {
    return state.revoke(consentId).isPresent();
  }

  /**
   * Whether the bank's redirect to a callback keeps the callback URL's own query (default) or drops
   * it, leaving only the {@code forwardParameters} and Yapily's parameters.
   */
  public void keepCallbackQuery(boolean keep) {
    state.keepCallbackQuery(keep);
  }

  /** While {@code decoupled}, the institution's second leg is approved in the banking app: no bank page. */
  public void decoupledApproval(String institutionId, boolean decoupled) {
    state.decoupled(institutionId, decoupled);
  }

  /** The user approves in the banking app; false when the consent is not waiting for that. */
  public boolean approveDecoupled(UUID consentId) {
    return state.approveDecoupled(consentId).isPresent();
  }

  /** While {@code refusing}, the institution refuses to renew consents (as some banks do). */
  public void refuseRenewal(String institutionId, boolean refusing) {
    state.refuseRenewal(institutionId, refusing);
  }

  /** While {@code failing}, data calls for the institution answer 424 with the bank's error. */
  public void failBankData(String institutionId, boolean failing) {
    state.failBank(institutionId, failing);
  }

  /**
   * The ledger of the consent's user at its institution (the simulated bank's data); empty for an
   * unknown consent.
   */
  public Optional<SandboxLedger.Book> book(UUID consentId) {
    return state.consent(consentId).map(c -> ledger.book(c.user().applicationUserId(), c.institutionId()));
  }

  /** Books a new transaction on one of the consent's accounts; false when there is no such account. */
  public boolean appendTransaction(UUID consentId, String accountId, SandboxLedger.Entry entry) {
    return state.consent(consentId)
        .map(c -> ledger.append(c.user().applicationUserId(), c.institutionId(), accountId, entry))
        .orElse(false);
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

  /**
   * An authorisation request the user has not acted on at the bank yet (status AWAITING_AUTHORIZATION,
   * no token); its consent id.
   */
  public UUID seedAwaitingAuthorisation(String applicationUserId, String institutionId, List<String> features) {
    return requested(applicationUserId, institutionId, features).id();
  }

  /** An authorisation request the user refused at the bank (status REJECTED, no token); its consent id. */
  public UUID seedRejectedConsent(String applicationUserId, String institutionId, List<String> features) {
    SimulatedConsent created = requested(applicationUserId, institutionId, features);
    state.decide(created.bankSession(), false);
    return created.id();
  }

  /**
   * A two-leg journey whose pre-authorisation the user approved and whose second leg now waits for
   * the user's approval in the banking app (status AWAITING_DECOUPLED_AUTHORIZATION, no token yet);
   * the second leg's consent id.
   */
  public UUID seedAwaitingDecoupledApproval(String applicationUserId, String institutionId, List<String> features) {
    SandboxInstitution institution = listed(institutionId);
    if (!institution.needsPreAuthorisation()) {
      throw new IllegalArgumentException("The simulator's institution " + institutionId
          + " authorises in a single leg; decoupled approval is its second leg's");
    }
    SeededConsent preAuthorised = seedApproved(applicationUserId, institutionId, List.of(), true);
    SimulatedConsent first = state.consumePreAuthorisation(preAuthorised.id()).orElseThrow();
    SimulatedConsent second = state.createAuthorisation(first.user(), institution.id(), features, null, true, false,
        null);
    return state.awaitDecoupledApproval(second.id()).id();
  }

  private SeededConsent seedApproved(String applicationUserId, String institutionId, List<String> features,
      boolean preAuthorisation) {
    SandboxInstitution institution = listed(institutionId);
    SimulatedConsent created = state.createAuthorisation(state.userFor(applicationUserId), institution.id(), features,
        null, true, preAuthorisation, null);
    YapilySandboxState.Decision decision = state.decide(created.bankSession(), true);
    return new SeededConsent(created.id(), decision.consent().consentToken(), decision.oneTimeToken());
  }

  private SimulatedConsent requested(String applicationUserId, String institutionId, List<String> features) {
    SandboxInstitution institution = listed(institutionId);
    return state.createAuthorisation(state.userFor(applicationUserId), institution.id(), features, null, true, false,
        null);
  }

  private SandboxInstitution listed(String institutionId) {
    return institutions.find(institutionId)
        .orElseThrow(() -> new IllegalArgumentException("The simulator lists no institution " + institutionId));
  }
}
