package dev.consentgw.gateway.e2e;

import dev.consentgw.gateway.app.SandboxWiring;
import dev.consentgw.gateway.sandbox.wych.WychSandboxCatalogue;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Background status tracking end to end, for both providers: a consent that ends at the provider
 * (expired, revoked at the bank) or a journey nobody finishes changes status with no tenant
 * asking. Statuses are read with {@code listUserConsents}, which never asks a provider, so only the
 * tracker can have changed them; the gateway's clock is moved instead of waiting.
 */
class ConsentTrackingEndToEndTest {

  private static final String THISTLE = "yapily:thistle-sandbox";
  private static final String KOOKABURRA = "wych:" + WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK;
  private static GatewayTestKit kit;
  private static ConsentsApi consents;
  private static SandboxWiring.Controls sandbox;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        lifecycle: {tickInterval: PT0.05S, jitter: PT0S}
        """);
    consents = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
    sandbox = kit.server.sandboxControls().orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void aConsentThatExpiredAtTheProviderIsSeenExpiredWithoutAsking(String institution) throws Exception {
    Consent consent = authorised(institution);
    UUID providerId = UUID.fromString(consent.getProviderConsentId());
    if (institution.startsWith("wych:")) {
      sandbox.wych().expire(providerId);
    } else {
      sandbox.yapily().expire(providerId);
    }
    assertThat(listed(consent).getStatus()).as("not due yet: unchanged").isEqualTo("authorized");

    kit.clock.advance(Duration.ofDays(1).plusSeconds(1));

    await().atMost(20, TimeUnit.SECONDS).until(() -> listed(consent).getStatus().equals("expired"));
    Consent tracked = listed(consent);
    assertThat(tracked.getLastRefreshedAt()).isNotNull();
    assertThat(tracked.getLastRefreshedAt().toInstant()).isAfter(consent.getLastRefreshedAt().toInstant());
    assertThat(tracked.getStatusStale()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void aConsentRevokedAtTheBankIsSeenRevokedWithoutAsking(String institution) throws Exception {
    Consent consent = authorised(institution);
    UUID providerId = UUID.fromString(consent.getProviderConsentId());
    if (institution.startsWith("wych:")) {
      sandbox.wych().disconnect(providerId);
    } else {
      sandbox.yapily().revokeAtBank(providerId);
    }

    kit.clock.advance(Duration.ofDays(1).plusSeconds(1));

    await().atMost(20, TimeUnit.SECONDS).until(() -> listed(consent).getStatus().equals("revoked"));
  }

  @ParameterizedTest
  @ValueSource(strings = {THISTLE, KOOKABURRA})
  void aJourneyNobodyFinishesEndsExpiredAsAbandoned(String institution) throws Exception {
    Consent created = consents.createConsent(request(institution), null, null);
    assertThat(created.getStatus()).isEqualTo("awaiting_authorization");

    // The journey link lives 15 minutes, the grace period 15 more: checked, still awaiting, kept.
    kit.clock.advance(Duration.ofMinutes(29));
    await().atMost(20, TimeUnit.SECONDS).until(() -> listed(created).getLastRefreshedAt().toInstant()
        .equals(now()));
    assertThat(listed(created).getStatus()).isEqualTo("awaiting_authorization");
    kit.clock.advance(Duration.ofMinutes(1));

    await().atMost(20, TimeUnit.SECONDS).until(() -> listed(created).getStatus().equals("expired"));
    Consent abandoned = listed(created);
    assertThat(abandoned.getError().getCode()).isEqualTo("journey_abandoned");
    assertThat(abandoned.getAuthorisationUrl()).isNull();
    assertThat(abandoned.getLastRefreshedAt().toInstant()).isEqualTo(now());
  }

  /** The gateway's time as the facade shows it (milliseconds). */
  private static java.time.Instant now() {
    return kit.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private static Consent listed(Consent consent) throws Exception {
    return consents.listUserConsents(consent.getUser().getReference(), null, null, null, null).getData().stream()
        .filter(c -> c.getId().equals(consent.getId())).findFirst().orElseThrow();
  }

  private static Consent authorised(String institution) throws Exception {
    Consent created = consents.createConsent(request(institution), null, null);
    kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve");
    Consent consent = consents.getConsent(created.getId(), null);
    assertThat(consent.getStatus()).isEqualTo("authorized");
    return consent;
  }

  private static CreateConsentRequest request(String institution) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institution);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("tracked-" + UUID.randomUUID());
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    return request;
  }
}
