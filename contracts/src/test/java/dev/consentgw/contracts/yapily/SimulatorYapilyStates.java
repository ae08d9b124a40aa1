package dev.consentgw.contracts.yapily;

import au.com.dius.pact.provider.junitsupport.State;
import dev.consentgw.gateway.sandbox.yapily.YapilySandboxControl;
import dev.consentgw.gateway.sandbox.yapily.YapilySandboxControl.InstitutionFacts;
import dev.consentgw.gateway.sandbox.yapily.YapilySandboxControl.SeededConsent;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;

import java.util.Map;
import java.util.function.Predicate;

import static dev.consentgw.contracts.yapily.YapilyContract.*;

/**
 * The provider states of the Yapily pact, set up in the sandbox simulator through its control API.
 * Every interaction starts from an empty simulator; each state adds what it names and returns the
 * values the pact's requests take from it. Institutions are the simulator's fixed catalogue: their
 * states only check that the named institution is what the pact says it is.
 */
final class SimulatorYapilyStates {

  private final YapilySandboxControl control;

  SimulatorYapilyStates(YapilySandboxControl control) {
    this.control = control;
  }

  @State(CREDENTIALS_VALID)
  Map<String, Object> validCredentials() {
    return Map.of(AUTHORIZATION, basic(YapilySimulatorOptions.SANDBOX_APPLICATION_ID,
        YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET));
  }

  @State(CREDENTIALS_INVALID)
  Map<String, Object> invalidCredentials() {
    return Map.of(AUTHORIZATION, basic(YapilySimulatorOptions.SANDBOX_APPLICATION_ID, "not-the-application-secret"));
  }

  @State(INSTITUTION_SINGLE_LEG)
  void singleLegInstitution(Map<String, Object> params) {
    requireInstitution(params, "authorises in a single leg", bank -> !bank.needsPreAuthorisation() && !bank.bankFails()
        && bank.features().contains("INITIATE_ACCOUNT_REQUEST"));
  }

  @State(INSTITUTION_PRE_AUTHORISATION)
  void preAuthorisingInstitution(Map<String, Object> params) {
    requireInstitution(params, "requires pre-authorisation", bank -> bank.needsPreAuthorisation() && !bank.bankFails());
  }

  @State(BANK_FAILING)
  void failingBank(Map<String, Object> params) {
    requireInstitution(params, "has a failing bank", InstitutionFacts::bankFails);
  }

  @State(CONSENT_AUTHORISED)
  Map<String, Object> authorisedConsent(Map<String, Object> params) {
    SeededConsent seeded = authorised(params);
    return Map.of(CONSENT_ID, seeded.id().toString(), CONSENT_TOKEN, seeded.consentToken());
  }

  @State(CONSENT_EXPIRED)
  Map<String, Object> expiredConsent(Map<String, Object> params) {
    SeededConsent seeded = authorised(params);
    control.expire(seeded.id());
    return Map.of(CONSENT_ID, seeded.id().toString());
  }

  @State(CONSENT_DELETED_BY_BANK)
  Map<String, Object> consentDeletedByBank(Map<String, Object> params) {
    SeededConsent seeded = authorised(params);
    control.revokeAtBank(seeded.id());
    return Map.of(CONSENT_ID, seeded.id().toString());
  }

  @State(CONSENT_BEING_RENEWED)
  Map<String, Object> consentBeingRenewed(Map<String, Object> params) {
    SeededConsent seeded = authorised(params);
    require(control.startRenewal(seeded.id()), "start renewing " + seeded);
    return Map.of(CONSENT_ID, seeded.id().toString());
  }

  @State(PRE_AUTHORISATION_CONSUMED)
  Map<String, Object> preAuthorisationConsumed(Map<String, Object> params) {
    SeededConsent seeded = preAuthorised(params);
    require(control.consumePreAuthorisation(seeded.id()), "consume " + seeded);
    return Map.of(CONSENT_ID, seeded.id().toString());
  }

  @State(CONSENT_AWAITING_DECOUPLED_APPROVAL)
  Map<String, Object> consentAwaitingDecoupledApproval(Map<String, Object> params) {
    return Map.of(CONSENT_ID, control.seedAwaitingDecoupledApproval(string(params, APPLICATION_USER_ID),
        string(params, INSTITUTION_ID), PRE_AUTHORISATION_FEATURES).toString());
  }

  @State(CONSENT_AWAITING_AUTHORISATION)
  Map<String, Object> consentAwaitingAuthorisation(Map<String, Object> params) {
    return Map.of(CONSENT_ID, control.seedAwaitingAuthorisation(string(params, APPLICATION_USER_ID),
        string(params, INSTITUTION_ID), EXAMPLE_FEATURES).toString());
  }

  @State(CONSENT_REJECTED)
  Map<String, Object> rejectedConsent(Map<String, Object> params) {
    return Map.of(CONSENT_ID, control.seedRejectedConsent(string(params, APPLICATION_USER_ID),
        string(params, INSTITUTION_ID), EXAMPLE_FEATURES).toString());
  }

  @State(CONSENT_REVOKED)
  Map<String, Object> revokedConsent(Map<String, Object> params) {
    SeededConsent seeded = authorised(params);
    require(control.revoke(seeded.id()), "revoke " + seeded);
    return Map.of(CONSENT_ID, seeded.id().toString());
  }

  @State(ONE_TIME_TOKEN_FOR_AUTHORISED)
  Map<String, Object> oneTimeTokenForAuthorisedConsent(Map<String, Object> params) {
    return Map.of(ONE_TIME_TOKEN, authorised(params).oneTimeToken());
  }

  @State(CONSENT_PRE_AUTHORISED)
  Map<String, Object> preAuthorisedConsent(Map<String, Object> params) {
    SeededConsent seeded = preAuthorised(params);
    return Map.of(CONSENT_ID, seeded.id().toString(), CONSENT_TOKEN, seeded.consentToken());
  }

  @State(ONE_TIME_TOKEN_FOR_PRE_AUTHORISED)
  Map<String, Object> oneTimeTokenForPreAuthorisedConsent(Map<String, Object> params) {
    return Map.of(ONE_TIME_TOKEN, preAuthorised(params).oneTimeToken());
  }

  @State({NO_CONSENT, NO_USER})
  void nothingYet() {
    // The simulator starts empty for every interaction: it has no consents and no users.
  }

  @State(USER_EXISTS)
  Map<String, Object> existingUser(Map<String, Object> params) {
    return Map.of(USER_UUID, control.addUser(string(params, APPLICATION_USER_ID)).toString());
  }

  @State(YAPILY_FAILING)
  void yapilyFailing() {
    control.simulateOutage(true);
  }

  @State(DATA_CONSENT)
  Map<String, Object> dataConsent(Map<String, Object> params) {
    return dataValues(dataSeeded(params));
  }

  @State(DATA_CONSENT_REVOKED_AT_BANK)
  Map<String, Object> dataConsentRevokedAtBank(Map<String, Object> params) {
    SeededConsent seeded = dataSeeded(params);
    control.revokeAtBank(seeded.id());
    return dataValues(seeded);
  }

  @State(DATA_BANK_FAILING)
  Map<String, Object> dataBankFailing(Map<String, Object> params) {
    SeededConsent seeded = dataSeeded(params);
    control.failBankData(string(params, INSTITUTION_ID), true);
    return dataValues(seeded);
  }

  private SeededConsent dataSeeded(Map<String, Object> params) {
    return control.seedAuthorisedConsent(string(params, APPLICATION_USER_ID), string(params, INSTITUTION_ID),
        DATA_FEATURES);
  }

  private Map<String, Object> dataValues(SeededConsent seeded) {
    String account = control.book(seeded.id()).orElseThrow().accounts().get(0).id();
    return Map.of(CONSENT_TOKEN, seeded.consentToken(), ACCOUNT_ID, account);
  }

  private SeededConsent authorised(Map<String, Object> params) {
    return control.seedAuthorisedConsent(string(params, APPLICATION_USER_ID), string(params, INSTITUTION_ID),
        EXAMPLE_FEATURES);
  }

  private SeededConsent preAuthorised(Map<String, Object> params) {
    return control.seedPreAuthorisedConsent(string(params, APPLICATION_USER_ID), string(params, INSTITUTION_ID));
  }

  private void requireInstitution(Map<String, Object> params, String fact, Predicate<InstitutionFacts> holds) {
    String id = string(params, INSTITUTION_ID);
    InstitutionFacts bank = control.institution(id)
        .orElseThrow(() -> new IllegalStateException("The simulator lists no institution " + id));
    if (!holds.test(bank)) {
      throw new IllegalStateException("The simulator's institution " + id + " no longer " + fact + ": " + bank);
    }
  }

  private static void require(boolean done, String what) {
    if (!done) {
      throw new IllegalStateException("The simulator could not " + what);
    }
  }

  private static String string(Map<String, Object> params, String name) {
    return (String) params.get(name);
  }
}
