package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The record's copy-with rules: which fields each change keeps, replaces or drops. */
class ConsentRecordTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  private final ConsentRecord awaiting = ConsentRecord.builder().id("cns_1").tenantId("acme").provider("yapily")
      .institutionId("yapily:modelo").providerInstitutionId("modelo").userReference("u").permissions(Set.of(
          Permission.ACCOUNTS)).status(ConsentStatus.AWAITING_AUTHORIZATION).createdAt(T0).updatedAt(T0)
      .authorizedAt(null).expiresAt(T0.plus(Duration.ofDays(90))).providerConsentId("pc-1")
      .providerState(Map.of("a", "1")).authorisationUrl("https://bank.example/auth").qrCodeUrl("https://qr.example")
      .redirectUrl("https://app.example/return").state("st").journeyTokenHash("h1").journeyExpiresAt(T0.plusSeconds(900))
      .sealedConsentToken("sealed-1").errorCode("e").errorDescription("d").statusCheckedAt(T0).build();

  @Test
  void aNewStatusStampsTheTimesAndDropsTheAuthorisationLinksOnceNoLongerAwaited() {
    Instant authorized = T1.minusSeconds(5);
    Instant expires = T1.plus(Duration.ofDays(30));

    ConsentRecord done = awaiting.withStatus(ConsentStatus.AUTHORIZED, T1, authorized, expires);

    assertThat(done.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(done.updatedAt()).isEqualTo(T1);
    assertThat(done.statusCheckedAt()).isEqualTo(T1);
    assertThat(done.authorizedAt()).isEqualTo(authorized);
    assertThat(done.expiresAt()).isEqualTo(expires);
    assertThat(done.authorisationUrl()).isNull();
    assertThat(done.qrCodeUrl()).isNull();
  }

  @Test
  void theSameStatusKeepsItsUpdateTimeAndLinksAndUnknownTimesKeepTheOldOnes() {
    ConsentRecord checked = awaiting.withStatus(ConsentStatus.AWAITING_AUTHORIZATION, T1, null, null);

    assertThat(checked.updatedAt()).as("nothing changed but the check").isEqualTo(T0);
    assertThat(checked.statusCheckedAt()).isEqualTo(T1);
    assertThat(checked.authorisationUrl()).isEqualTo("https://bank.example/auth");
    assertThat(checked.qrCodeUrl()).isEqualTo("https://qr.example");
    assertThat(checked.expiresAt()).isEqualTo(awaiting.expiresAt());

    ConsentRecord authorized = awaiting.withStatus(ConsentStatus.AUTHORIZED, T1, T1, null);
    assertThat(authorized.withStatus(ConsentStatus.REVOKED, T1.plusSeconds(1), null, null).authorizedAt())
        .isEqualTo(T1);
  }

  @Test
  void theNextLegReplacesTheJourneyAndKeepsWhatTheProviderDidNotRenew() {
    ConsentRecord used = awaiting.withJourneyUsed();
    assertThat(used.journeyUsed()).isTrue();

    ConsentRecord leg2 = used.withNextLeg(null, Map.of(), "https://bank.example/2", "h2", T1.plusSeconds(900), T1);

    assertThat(leg2.providerConsentId()).isEqualTo("pc-1");
    assertThat(leg2.providerState()).isEqualTo(Map.of("a", "1"));
    assertThat(leg2.authorisationUrl()).isEqualTo("https://bank.example/2");
    assertThat(leg2.qrCodeUrl()).isNull();
    assertThat(leg2.journeyTokenHash()).isEqualTo("h2");
    assertThat(leg2.journeyExpiresAt()).isEqualTo(T1.plusSeconds(900));
    assertThat(leg2.journeyUsed()).isFalse();
    assertThat(leg2.errorCode()).isNull();
    assertThat(leg2.errorDescription()).isNull();
    assertThat(leg2.updatedAt()).isEqualTo(T1);
    assertThat(leg2.statusCheckedAt()).isEqualTo(T1);
    assertThat(leg2.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);

    ConsentRecord renewed = used.withNextLeg("pc-2", Map.of("b", "2"), "u", "h3", T1, T1);
    assertThat(renewed.providerConsentId()).isEqualTo("pc-2");
    assertThat(renewed.providerState()).isEqualTo(Map.of("b", "2"));
  }

  @Test
  void aProviderResultReplacesOnlyWhatItCarries() {
    ConsentRecord kept = awaiting.withProviderResult(null, Map.of(), null);
    assertThat(kept).isEqualTo(awaiting);

    ConsentRecord replaced = awaiting.withProviderResult("pc-9", Map.of("z", "9"), "sealed-9");
    assertThat(replaced.providerConsentId()).isEqualTo("pc-9");
    assertThat(replaced.providerState()).isEqualTo(Map.of("z", "9"));
    assertThat(replaced.sealedConsentToken()).isEqualTo("sealed-9");
  }

  @Test
  void aProviderReportSetsStatusAndReconfirmationDatesAndClearsStaleness() {
    Instant reconfirmBy = T1.plus(Duration.ofDays(90));
    ConsentRecord stale = awaiting.toBuilder().statusStale(true).reconfirmBy(T0).lastConfirmedAt(T0).build();

    ConsentRecord reported = stale.withProviderState(
        new ConsentState(ConsentStatus.AUTHORIZED, T1, null, reconfirmBy, T1, false, null), T1);

    assertThat(reported.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(reported.authorizedAt()).isEqualTo(T1);
    assertThat(reported.statusCheckedAt()).isEqualTo(T1);
    assertThat(reported.reconfirmBy()).isEqualTo(reconfirmBy);
    assertThat(reported.lastConfirmedAt()).isEqualTo(T1);
    assertThat(reported.statusStale()).isFalse();
    // A report without the dates keeps the ones known.
    ConsentRecord plain = reported.withProviderState(new ConsentState(ConsentStatus.AUTHORIZED, null, null), T1);
    assertThat(plain.reconfirmBy()).isEqualTo(reconfirmBy);
    assertThat(plain.lastConfirmedAt()).isEqualTo(T1);
  }

  @Test
  void anUnconfirmedReportKeepsEverythingButMarksTheStatusStale() {
    ConsentRecord unconfirmed = awaiting.withProviderState(ConsentState.unconfirmed(), T1);

    assertThat(unconfirmed).isEqualTo(awaiting.toBuilder().statusStale(true).build());
    assertThat(unconfirmed.withNextRefreshAt(T1).nextRefreshAt()).isEqualTo(T1);
  }

  @Test
  void anErrorIsRecordedWithItsTime() {
    ConsentRecord failed = awaiting.withError("provider_error", "It broke.", T1);

    assertThat(failed.errorCode()).isEqualTo("provider_error");
    assertThat(failed.errorDescription()).isEqualTo("It broke.");
    assertThat(failed.updatedAt()).isEqualTo(T1);
    assertThat(failed.status()).isEqualTo(awaiting.status());
  }

  @Test
  void itsTextNamesTheConsentButNoSecret() {
    assertThat(awaiting.toString()).isEqualTo("ConsentRecord[cns_1, tenant=acme, yapily, AWAITING_AUTHORIZATION]");
    assertThat(awaiting.toBuilder().build()).isEqualTo(awaiting);
    assertThat(List.of(awaiting.toString())).noneMatch(s -> s.contains("sealed-1") || s.contains("h1"));
  }

  @org.junit.jupiter.api.Test
  void theNextDeadlineIsTheEarlierOfExpiryAndReconfirmationStillAhead() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Instant soon = now.plusSeconds(10);
    Instant later = now.plusSeconds(20);
    ConsentRecord base = ConsentRecord.builder().id("cns_1").tenantId("acme").permissions(java.util.Set.of())
        .providerState(java.util.Map.of()).status(dev.consentgw.gateway.provider.ConsentStatus.AUTHORIZED)
        .createdAt(now).updatedAt(now).build();

    assertThat(base.nextDeadlineAfter(now)).isNull();
    assertThat(base.toBuilder().expiresAt(later).reconfirmBy(soon).build().nextDeadlineAfter(now)).isEqualTo(soon);
    assertThat(base.toBuilder().expiresAt(soon).reconfirmBy(later).build().nextDeadlineAfter(now)).isEqualTo(soon);
    assertThat(base.toBuilder().expiresAt(later).build().nextDeadlineAfter(now)).isEqualTo(later);
    assertThat(base.toBuilder().reconfirmBy(soon).build().nextDeadlineAfter(now)).isEqualTo(soon);
    assertThat(base.toBuilder().expiresAt(later).reconfirmBy(now).build().nextDeadlineAfter(now))
        .as("a deadline at now is no longer ahead").isEqualTo(later);
    assertThat(base.toBuilder().expiresAt(now).reconfirmBy(soon).build().nextDeadlineAfter(now)).isEqualTo(soon);
  }
}
