package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's state transitions, on a clock the test moves. */
class YapilySandboxStateTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final YapilySandboxState state = new YapilySandboxState("app", Duration.ofDays(90), clock);

  @Test
  void anAuthorisedConsentExpiresAtTheEndOfItsLifetime() {
    SimulatedConsent consent = approved(authorisation(true, null));

    assertThat(consent.expiresAt()).isEqualTo(Instant.parse("2025-05-30T10:00:00Z"));
    clock.advance(Duration.ofDays(90));
    assertThat(state.consent(consent.id()).orElseThrow().statusAt(clock.instant())).isEqualTo("EXPIRED");
    assertThat(state.startReauthorisation(consent.id())).as("expired consents can be renewed").isPresent();
  }

  @Test
  void aShorterRequestedExpiryWins() {
    Instant requested = Instant.parse("2025-03-08T00:00:00Z");

    assertThat(approved(authorisation(true, requested)).expiresAt()).isEqualTo(requested);
  }

  @Test
  void oneTimeTokensWorkOnceAndOnlyForAShortWhile() {
    SimulatedConsent consent = authorisation(true, null);
    String token = state.decide(consent.bankSession(), true).oneTimeToken();

    assertThat(state.redeemOneTimeToken(token)).map(SimulatedConsent::id).contains(consent.id());
    assertThat(state.redeemOneTimeToken(token)).isEmpty();

    String late = state.decide(approvedThenReauthorising(), true).oneTimeToken();
    clock.advance(YapilySandboxState.ONE_TIME_TOKEN_LIFETIME);
    assertThat(state.redeemOneTimeToken(late)).isEmpty();
  }

  @Test
  void withoutOneTimeTokensNoneIsIssued() {
    SimulatedConsent consent = authorisation(false, null);

    YapilySandboxState.Decision decision = state.decide(consent.bankSession(), true);

    assertThat(decision.oneTimeToken()).isNull();
    assertThat(decision.consent().consentToken()).isNotBlank();
    assertThat(decision.toString()).doesNotContain(decision.consent().consentToken());
    assertThat(decision.consent().toString()).doesNotContain(decision.consent().consentToken());
  }

  @Test
  void aPreAuthorisationIsConsumedOnce() {
    SimulatedConsent pre = state.createAuthorisation(state.userFor("u-1"), "brueckenbank-sandbox", List.of(),
        "https://gw.example/cb", true, true, null);
    SimulatedConsent preAuthorised = state.decide(pre.bankSession(), true).consent();

    assertThat(preAuthorised.status()).isEqualTo("PRE_AUTHORIZED");
    assertThat(state.consentByToken(preAuthorised.consentToken())).isPresent();
    assertThat(state.consumePreAuthorisation(pre.id())).map(SimulatedConsent::status).contains("CONSUMED");
    assertThat(state.consumePreAuthorisation(pre.id())).isEmpty();
    assertThat(state.consentByToken(preAuthorised.consentToken())).isEmpty();
  }

  @Test
  void aBankPageIsDecidedOnce() {
    SimulatedConsent consent = authorisation(true, null);

    assertThat(state.decide(consent.bankSession(), false).consent().status()).isEqualTo("REJECTED");
    assertThat(state.decide(consent.bankSession(), true).outcome()).isEqualTo(YapilySandboxState.Outcome.ALREADY_DECIDED);
    assertThat(state.decide("no-such-page", true).outcome()).isEqualTo(YapilySandboxState.Outcome.UNKNOWN);
  }

  @Test
  void deletingAUserDeletesItsConsents() {
    SimulatedConsent consent = approved(authorisation(true, null));

    YapilySandboxState.DeletedUser deleted = state.deleteUser(consent.user().uuid()).orElseThrow();

    assertThat(deleted.consents()).extracting(SimulatedConsent::id).containsExactly(consent.id());
    assertThat(state.consent(consent.id())).isEmpty();
    assertThat(state.consentByToken(consent.consentToken())).isEmpty();
    assertThat(state.addUser(consent.user().applicationUserId())).as("the id is free again").isPresent();
  }

  private SimulatedConsent authorisation(boolean oneTimeToken, Instant requestedExpiry) {
    return state.createAuthorisation(state.userFor("u-1"), "thistle-sandbox", List.of("ACCOUNTS"),
        "https://gw.example/cb?journey=J", oneTimeToken, false, requestedExpiry);
  }

  private SimulatedConsent approved(SimulatedConsent consent) {
    return state.decide(consent.bankSession(), true).consent();
  }

  private String approvedThenReauthorising() {
    SimulatedConsent consent = approved(authorisation(true, null));
    return state.startReauthorisation(consent.id()).orElseThrow().bankSession();
  }
}
