package dev.consentgw.gateway.store;

import dev.consentgw.gateway.provider.ConsentStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The renewal fields of a consent record: started, ended, abandoned, and what a status change keeps. */
class ConsentRecordRenewalTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final ConsentRecord authorised = ConsentRecord.builder()
      .id("cns_1").tenantId("acme").provider("yapily").institutionId("yapily:t").providerInstitutionId("t")
      .userReference("u").permissions(Set.of()).status(ConsentStatus.AUTHORIZED)
      .createdAt(NOW.minusSeconds(100)).updatedAt(NOW.minusSeconds(100)).authorizedAt(NOW.minusSeconds(90))
      .providerState(Map.of("leg", "authorisation")).redirectUrl("https://a.example/r").state("s-1")
      .journeyTokenHash("h").journeyExpiresAt(NOW.minusSeconds(50)).journeyUsed(true).build();

  @Test
  void aStartedRenewalReArmsTheJourneyAndKeepsEverythingElse() {
    ConsentRecord renewing = authorised.withReauthorisationStarted("https://bank/renew", "https://bank/qr",
        Map.of("leg", "re-authorisation"), "https://a.example/other", "s-2", NOW.plusSeconds(900), NOW);

    assertThat(renewing.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(renewing.reauthorisationStartedAt()).isEqualTo(NOW);
    assertThat(renewing.updatedAt()).isEqualTo(NOW);
    assertThat(renewing.authorisationUrl()).isEqualTo("https://bank/renew");
    assertThat(renewing.qrCodeUrl()).isEqualTo("https://bank/qr");
    assertThat(renewing.providerState()).containsEntry("leg", "re-authorisation");
    assertThat(renewing.redirectUrl()).isEqualTo("https://a.example/other");
    assertThat(renewing.state()).isEqualTo("s-2");
    assertThat(renewing.journeyUsed()).isFalse();
    assertThat(renewing.journeyTokenHash()).isEqualTo("h");
    assertThat(renewing.journeyExpiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(renewing.authorizedAt()).isEqualTo(authorised.authorizedAt());
    assertThat(authorised.withReauthorisationStarted("u", null, Map.of(), "r", null, NOW, NOW).providerState())
        .as("no new provider state keeps the old one").isEqualTo(authorised.providerState());
  }

  @Test
  void anEndedRenewalDropsItsPageAndJourney() {
    ConsentRecord renewing = renewing();

    ConsentRecord ended = renewing.withReauthorisationEnded(NOW.plusSeconds(5));

    assertThat(ended.reauthorisationStartedAt()).isNull();
    assertThat(ended.authorisationUrl()).isNull();
    assertThat(ended.qrCodeUrl()).isNull();
    assertThat(ended.journeyUsed()).isTrue();
    assertThat(ended.updatedAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(authorised.withReauthorisationEnded(NOW)).as("nothing to end").isSameAs(authorised);
  }

  @Test
  void aRenewalIsAbandonedExactlyWhenItsLinkExpires() {
    ConsentRecord renewing = renewing();

    assertThat(renewing.reauthorisationAbandoned(NOW.plusSeconds(900).minusMillis(1))).isFalse();
    assertThat(renewing.reauthorisationAbandoned(NOW.plusSeconds(900))).isTrue();
    assertThat(authorised.reauthorisationAbandoned(NOW.plus(Duration.ofDays(1)))).isFalse();
    assertThat(renewing.toBuilder().journeyExpiresAt(null).build().reauthorisationAbandoned(NOW)).isFalse();
  }

  @Test
  void aStatusChangeKeepsARenewalUnlessTheConsentEnded() {
    ConsentRecord renewing = renewing();

    ConsentRecord stillAuthorised = renewing.withStatus(ConsentStatus.AUTHORIZED, NOW.plusSeconds(1), null, null);
    ConsentRecord expired = renewing.withStatus(ConsentStatus.EXPIRED, NOW.plusSeconds(1), null, null);

    assertThat(stillAuthorised.reauthorisationStartedAt()).isEqualTo(NOW);
    assertThat(stillAuthorised.authorisationUrl()).isEqualTo("https://bank/renew");
    assertThat(stillAuthorised.qrCodeUrl()).isEqualTo("https://bank/qr");
    assertThat(expired.reauthorisationStartedAt()).isNull();
    assertThat(expired.authorisationUrl()).isNull();
    assertThat(authorised.toBuilder().authorisationUrl("stale").build()
        .withStatus(ConsentStatus.AUTHORIZED, NOW, null, null).authorisationUrl()).isNull();
  }

  private ConsentRecord renewing() {
    return authorised.withReauthorisationStarted("https://bank/renew", "https://bank/qr", Map.of(),
        "https://a.example/r", null, NOW.plusSeconds(900), NOW);
  }
}
