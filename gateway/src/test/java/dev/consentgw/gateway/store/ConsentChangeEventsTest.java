package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The event each status transition produces (issue 12), table-driven. */
class ConsentChangeEventsTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static ConsentRecord in(ConsentStatus status) {
    return ConsentRecord.builder().id("cns_1").tenantId("acme").permissions(Set.of()).providerState(Map.of())
        .status(status).createdAt(T).updatedAt(T).build();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(nullValues = "none", value = {
      "AWAITING_AUTHORIZATION, AUTHORIZED, consent.authorized",
      "AWAITING_AUTHORIZATION, REJECTED, consent.rejected",
      "AWAITING_AUTHORIZATION, FAILED, consent.failed",
      "AWAITING_AUTHORIZATION, EXPIRED, consent.expired",
      "AWAITING_AUTHORIZATION, REVOKED, consent.revoked",
      "AUTHORIZED, REVOKED, consent.revoked",
      "AUTHORIZED, EXPIRED, consent.expired",
      "AUTHORIZED, FAILED, consent.failed",
      "UNKNOWN, AUTHORIZED, consent.authorized",
      "AUTHORIZED, AWAITING_AUTHORIZATION, none",
      "AUTHORIZED, UNKNOWN, none",
      "AWAITING_AUTHORIZATION, UNKNOWN, none",
      "AUTHORIZED, AUTHORIZED, none",
      "REVOKED, REVOKED, none",
      "AWAITING_AUTHORIZATION, AWAITING_AUTHORIZATION, none"})
  void aStatusTransitionGivesItsEvent(ConsentStatus before, ConsentStatus after, String event) {
    assertThat(ConsentChangeEvents.of(in(before), in(after))).extracting(ConsentEventType::wireName)
        .isEqualTo(event == null ? List.of() : List.of(event));
  }

  @ParameterizedTest(name = "new consent in {0}: {1}")
  @CsvSource(nullValues = "none", value = {
      "AWAITING_AUTHORIZATION, none",
      "UNKNOWN, none",
      "AUTHORIZED, consent.authorized",
      "FAILED, consent.failed"})
  void aNewConsentGivesTheEventOfItsStatus(ConsentStatus status, String event) {
    assertThat(ConsentChangeEvents.of(null, in(status))).extracting(ConsentEventType::wireName)
        .isEqualTo(event == null ? List.of() : List.of(event));
  }

  private static ConsentRecord renewing(Instant startedAt, Instant authorizedAt) {
    return in(ConsentStatus.AUTHORIZED).toBuilder().reauthorisationStartedAt(startedAt).authorizedAt(authorizedAt)
        .build();
  }

  @org.junit.jupiter.api.Test
  void aRenewalStartingAndEndingWithANewAuthorisationGiveTheirEvents() {
    Instant renewed = T.plusSeconds(60);

    assertThat(ConsentChangeEvents.of(renewing(null, T), renewing(T, T)))
        .containsExactly(ConsentEventType.REAUTHORISATION_STARTED);
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(null, renewed)))
        .containsExactly(ConsentEventType.REAUTHORISED);
    assertThat(ConsentChangeEvents.of(renewing(T, null), renewing(null, renewed)))
        .containsExactly(ConsentEventType.REAUTHORISED);
  }

  @org.junit.jupiter.api.Test
  void aRenewalThatEndsWithoutANewAuthorisationOrGoesOnIsSilent() {
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(null, T))).as("abandoned or refused").isEmpty();
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(null, null))).isEmpty();
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(T, T.plusSeconds(1)))).as("still renewing").isEmpty();
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(null, T.minusSeconds(1)))).isEmpty();
    assertThat(ConsentChangeEvents.of(renewing(T, T), renewing(null, T.plusSeconds(1)).toBuilder()
        .status(ConsentStatus.REVOKED).build())).containsExactly(ConsentEventType.REVOKED);
  }
}
