package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.yapily.YapilySandboxControl.SeededConsent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control API puts consents into the lifecycle statuses a pact reads, through the journey's own transitions. */
class YapilySandboxControlTest {

  private static final String USER = "acme:user-42";
  private static final List<String> FEATURES = List.of("ACCOUNTS", "ACCOUNT_TRANSACTIONS");

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final YapilySandboxState state = new YapilySandboxState("app", Duration.ofDays(90), clock);
  private final YapilySandboxControl control = new YapilySandboxControl(new YapilySandboxInstitutions(0), state,
      new SandboxLedger(SandboxLedger.Market.UK, clock));

  @Test
  void aRenewalUnderWayKeepsTheConsentUsable() {
    SeededConsent seeded = control.seedAuthorisedConsent(USER, YapilySandboxInstitutions.THISTLE, FEATURES);

    assertThat(control.startRenewal(seeded.id())).isTrue();

    SimulatedConsent renewing = state.consent(seeded.id()).orElseThrow();
    assertThat(renewing.statusAt(clock.instant())).isEqualTo("AWAITING_RE_AUTHORIZATION");
    assertThat(renewing.grantsAccess(clock.instant())).isTrue();
    assertThat(state.consentByToken(seeded.consentToken())).map(SimulatedConsent::id).contains(seeded.id());
    assertThat(control.startRenewal(seeded.id())).as("already being renewed").isFalse();
    assertThat(control.startRenewal(UUID.randomUUID())).isFalse();
  }

  @Test
  void aConsumedPreAuthorisationGrantsNothing() {
    SeededConsent seeded = control.seedPreAuthorisedConsent(USER, YapilySandboxInstitutions.BRUECKENBANK);

    assertThat(control.consumePreAuthorisation(seeded.id())).isTrue();

    SimulatedConsent consumed = state.consent(seeded.id()).orElseThrow();
    assertThat(consumed.statusAt(clock.instant())).isEqualTo("CONSUMED");
    assertThat(consumed.grantsAccess(clock.instant())).isFalse();
    assertThat(state.consentByToken(seeded.consentToken())).isEmpty();
    assertThat(control.consumePreAuthorisation(seeded.id())).as("consumed once").isFalse();
    SeededConsent authorised = control.seedAuthorisedConsent(USER, YapilySandboxInstitutions.THISTLE, FEATURES);
    assertThat(control.consumePreAuthorisation(authorised.id())).as("not a pre-authorisation").isFalse();
  }

  @Test
  void aSecondLegWaitsForApprovalInTheBankingAppUntilTheUserGivesIt() {
    UUID id = control.seedAwaitingDecoupledApproval(USER, YapilySandboxInstitutions.BRUECKENBANK, FEATURES);

    SimulatedConsent waiting = state.consent(id).orElseThrow();
    assertThat(waiting.statusAt(clock.instant())).isEqualTo("AWAITING_DECOUPLED_AUTHORIZATION");
    assertThat(waiting.consentToken()).isNull();
    assertThat(waiting.featureScope()).isEqualTo(FEATURES);
    assertThat(state.consents(c -> c.user().applicationUserId().equals(USER)))
        .extracting(SimulatedConsent::status).containsExactly("CONSUMED", "AWAITING_DECOUPLED_AUTHORIZATION");
    assertThat(control.approveDecoupled(id)).isTrue();
    assertThat(state.consent(id).orElseThrow().status()).isEqualTo("AUTHORIZED");
  }

  @Test
  void anUnansweredRequestWaitsForTheUserWithoutAToken() {
    UUID id = control.seedAwaitingAuthorisation(USER, YapilySandboxInstitutions.THISTLE, FEATURES);

    SimulatedConsent waiting = state.consent(id).orElseThrow();
    assertThat(waiting.statusAt(clock.instant())).isEqualTo("AWAITING_AUTHORIZATION");
    assertThat(waiting.consentToken()).isNull();
    assertThat(waiting.featureScope()).isEqualTo(FEATURES);
    assertThat(state.consentByBankSession(waiting.bankSession())).map(SimulatedConsent::id).contains(id);
  }

  @Test
  void aRefusedRequestIsRejectedAndCannotBeApprovedAfterwards() {
    UUID id = control.seedRejectedConsent(USER, YapilySandboxInstitutions.THISTLE, FEATURES);

    SimulatedConsent rejected = state.consent(id).orElseThrow();
    assertThat(rejected.statusAt(clock.instant())).isEqualTo("REJECTED");
    assertThat(rejected.consentToken()).isNull();
    assertThat(rejected.grantsAccess(clock.instant())).isFalse();
    assertThat(state.decide(rejected.bankSession(), true).outcome()).isEqualTo(YapilySandboxState.Outcome.ALREADY_DECIDED);
  }

  @Test
  void aRevokedConsentKeepsItsRecordButLosesItsToken() {
    SeededConsent seeded = control.seedAuthorisedConsent(USER, YapilySandboxInstitutions.THISTLE, FEATURES);

    assertThat(control.revoke(seeded.id())).isTrue();

    SimulatedConsent revoked = state.consent(seeded.id()).orElseThrow();
    assertThat(revoked.statusAt(clock.instant())).isEqualTo("REVOKED");
    assertThat(revoked.grantsAccess(clock.instant())).isFalse();
    assertThat(state.consentByToken(seeded.consentToken())).isEmpty();
    assertThat(control.revoke(UUID.randomUUID())).isFalse();
  }

  @Test
  void seedingAtAnUnlistedInstitutionIsRefused() {
    assertThatThrownBy(() -> control.seedRejectedConsent(USER, "no-such-bank", FEATURES))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-bank");
    assertThat(state.consents(c -> true)).isEmpty();
  }

  @Test
  void onlyATwoLegInstitutionHasADecoupledSecondLeg() {
    assertThatThrownBy(() -> control.seedAwaitingDecoupledApproval(USER, YapilySandboxInstitutions.THISTLE, FEATURES))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(YapilySandboxInstitutions.THISTLE);
    assertThat(state.consents(c -> true)).isEmpty();
  }
}
