package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.catalogue.CatalogueOptions;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewal and reconfirmation of authorised consents, and approval that continues outside the
 * browser, on the journey layer alone: fake providers, the in-memory store, a hand-moved clock.
 */
class ConsentRenewalJourneysTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
  private static final String RETURN = "https://app.example/return";
  private static final String OTHER_RETURN = "https://app.example/renewed";
  private static final Set<Permission> OFFERED = Set.of(Permission.ACCOUNTS);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final FakeProvider yapily = new FakeProvider("yapily", null, List.of(
      FakeProvider.institution("yapily", "thistle", "Thistle Bank", true, OFFERED)));
  private final InMemoryConsentStore store = new InMemoryConsentStore(clock,
      new StoreOptions.Memory(1000, 1000, Duration.ofHours(1)));
  private final JourneyTokens tokens = new JourneyTokens();
  private final SecretBox secrets = new SecretBox(new byte[32]);
  private final ConsentJourneys journeys = new ConsentJourneys(Map.of("yapily", yapily),
      new InstitutionCatalogue(List.of(yapily), new CatalogueOptions(Duration.ofHours(1), Duration.ofMinutes(1)), clock),
      store, tokens, secrets, new JourneyBinding(new byte[32]), new JourneyOptions(TOKEN_LIFETIME, REFRESH_INTERVAL, Duration.ofHours(24), 5_000),
      "https://gw.example", clock);
  private final Tenant acme = new Tenant("acme", "Acme", Set.of(RETURN, OTHER_RETURN), Set.of("yapily"));
  private final Instant firstAuthorisation = clock.instant().plusSeconds(60);

  ConsentRenewalJourneysTest() {
    yapily.start = () -> Future.succeededFuture(new ConsentStart("pc-1", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://bank.example/auth", null, null, Map.of("leg", "authorisation")));
    yapily.callback = () -> Future.succeededFuture(result(ConsentStatus.AUTHORIZED, "token-1", null,
        firstAuthorisation, clock.instant().plus(Duration.ofDays(90))));
    yapily.reauthorise = () -> Future.succeededFuture(new ConsentStart("pc-1", ConsentStatus.AUTHORIZED,
        "https://bank.example/renew", "https://bank.example/renew-qr", null, Map.of("leg", "re-authorisation")));
  }

  @Test
  void aRenewalReArmsTheConsentsLastJourneyLinkAndKeepsItAuthorised() {
    ConsentRecord authorised = authorised();
    clock.advance(Duration.ofDays(80));

    ConsentRecord renewing = value(journeys.reauthorise(acme, authorised.id(), OTHER_RETURN, "st-2")).record();

    assertThat(renewing.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(renewing.reauthorisationStartedAt()).isEqualTo(clock.instant());
    assertThat(renewing.authorisationUrl()).isEqualTo("https://bank.example/renew");
    assertThat(renewing.qrCodeUrl()).isEqualTo("https://bank.example/renew-qr");
    assertThat(renewing.redirectUrl()).isEqualTo(OTHER_RETURN);
    assertThat(renewing.state()).isEqualTo("st-2");
    assertThat(renewing.providerState()).containsEntry("leg", "re-authorisation");
    assertThat(renewing.journeyUsed()).isFalse();
    assertThat(renewing.journeyTokenHash()).as("the provider returns to the last leg's callback URL")
        .isEqualTo(authorised.journeyTokenHash());
    assertThat(renewing.journeyExpiresAt()).isEqualTo(clock.instant().plus(TOKEN_LIFETIME));
    assertThat(renewing.updatedAt()).isEqualTo(clock.instant());
    assertThat(yapily.reauthorisations).singleElement()
        .satisfies(ref -> assertThat(ref.consentToken()).isEqualTo("token-1"));
  }

  @Test
  void theRenewalsReturnRenewsTheAuthorisationAndEndsTheRenewal() {
    ConsentRecord authorised = authorised();
    clock.advance(Duration.ofDays(80));
    value(journeys.reauthorise(acme, authorised.id(), OTHER_RETURN, "st-2"));
    Instant renewedAt = clock.instant().plusSeconds(5);
    Instant renewedUntil = renewedAt.plus(Duration.ofDays(90));
    yapily.callback = () -> Future.succeededFuture(result(ConsentStatus.AUTHORIZED, "token-2", null, renewedAt,
        renewedUntil));
    clock.advance(Duration.ofSeconds(10));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey()));

    assertThat(outcome.location()).isEqualTo(OTHER_RETURN + "?consentId=" + authorised.id()
        + "&status=authorized&state=st-2");
    ConsentRecord done = stored(authorised.id());
    assertThat(done.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(done.reauthorisationStartedAt()).isNull();
    assertThat(done.authorisationUrl()).isNull();
    assertThat(done.qrCodeUrl()).isNull();
    assertThat(done.journeyUsed()).isTrue();
    assertThat(done.authorizedAt()).isEqualTo(renewedAt);
    assertThat(done.expiresAt()).isEqualTo(renewedUntil);
    assertThat(done.errorCode()).isNull();
    assertThat(secrets.open(done.sealedConsentToken(), done.id())).isEqualTo("token-2");
  }

  @Test
  void aRenewalReturnWithoutAuthorisationTimeCountsFromNow() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.callback = () -> Future.succeededFuture(result(ConsentStatus.AUTHORIZED, null, null, null, null));
    clock.advance(Duration.ofMinutes(2));

    value(journeys.completeCallback("yapily", journey()));

    ConsentRecord done = stored(authorised.id());
    assertThat(done.authorizedAt()).isEqualTo(clock.instant());
    assertThat(done.expiresAt()).isEqualTo(authorised.expiresAt());
    assertThat(secrets.open(done.sealedConsentToken(), done.id())).as("the token held is kept").isEqualTo("token-1");
  }

  @Test
  void aRenewalThatDidNotSucceedLeavesTheConsentAsItWas() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, "st-2"));
    yapily.callback = () -> Future.succeededFuture(result(ConsentStatus.REJECTED, "token-x", "access_denied", null,
        null));

    CallbackOutcome denied = value(journeys.completeCallback("yapily", journey()));

    assertThat(denied.location()).isEqualTo(RETURN + "?consentId=" + authorised.id()
        + "&status=authorized&state=st-2&error=access_denied");
    ConsentRecord after = stored(authorised.id());
    assertThat(after.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(after.authorizedAt()).isEqualTo(authorised.authorizedAt());
    assertThat(after.reauthorisationStartedAt()).isNull();
    assertThat(after.errorCode()).isNull();
    assertThat(after.authorisationUrl()).isNull();
    assertThat(secrets.open(after.sealedConsentToken(), after.id())).as("nothing of a failed renewal is kept")
        .isEqualTo("token-1");
  }

  @Test
  void aRenewalReturnWithNeitherSuccessNorReasonIsReportedAsTheProvidersError() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.callback = () -> Future.succeededFuture(result(ConsentStatus.UNKNOWN, null, null, null, null));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey()));

    assertThat(outcome.location()).endsWith("&status=authorized&error=provider_error");
  }

  @Test
  void aProviderFailureOnTheRenewalsReturnEndsOnlyTheRenewal() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.callback = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "yapily", null, 503, "down")));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey()));

    assertThat(outcome.location()).endsWith("&status=authorized&error=provider_unavailable");
    ConsentRecord after = stored(authorised.id());
    assertThat(after.reauthorisationStartedAt()).isNull();
    assertThat(after.errorCode()).as("an authorised consent shows no journey error").isNull();
  }

  @Test
  void aRenewalsLinkUsedTooLateEndsTheRenewalNotTheConsent() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    clock.advance(TOKEN_LIFETIME);

    assertRefused(journeys.completeCallback("yapily", journey()), Reason.JOURNEY_EXPIRED);

    ConsentRecord after = stored(authorised.id());
    assertThat(after.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(after.reauthorisationStartedAt()).isNull();
    assertThat(yapily.callbacks).hasSize(1);
  }

  @Test
  void aRenewalIsDroppedFromTheConsentExactlyWhenItsLinkExpires() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    clock.advance(TOKEN_LIFETIME.minusMillis(1));
    assertThat(value(journeys.get(acme, authorised.id())).record().reauthorisationStartedAt()).isNotNull();
    clock.advance(Duration.ofMillis(1));
    ConsentRecord dropped = value(journeys.get(acme, authorised.id())).record();

    assertThat(dropped.reauthorisationStartedAt()).isNull();
    assertThat(dropped.authorisationUrl()).isNull();
    assertThat(dropped.journeyUsed()).isTrue();
    assertThat(stored(authorised.id())).isEqualTo(dropped);
  }

  @Test
  void aRefreshDuringARenewalKeepsItsPage() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    clock.advance(REFRESH_INTERVAL);

    ConsentRecord refreshed = value(journeys.get(acme, authorised.id())).record();

    assertThat(refreshed.authorisationUrl()).isEqualTo("https://bank.example/renew");
    assertThat(refreshed.reauthorisationStartedAt()).isNotNull();
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void aConsentThatEndsDuringARenewalHasNothingLeftToRenew() {
    ConsentRecord authorised = authorised();
    value(journeys.reauthorise(acme, authorised.id(), RETURN, null));
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.REVOKED, null, null));
    clock.advance(REFRESH_INTERVAL);

    ConsentRecord revoked = value(journeys.get(acme, authorised.id())).record();

    assertThat(revoked.status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(revoked.reauthorisationStartedAt()).isNull();
    assertThat(revoked.authorisationUrl()).isNull();
  }

  @Test
  void onlyAnAuthorisedConsentIsRenewedAndOnlyToARegisteredRedirect() {
    ConsentRecord awaiting = value(journeys.create(acme, request())).record();

    JourneyFailure notActive = assertRefused(journeys.reauthorise(acme, awaiting.id(), RETURN, null),
        Reason.CONSENT_NOT_ACTIVE);
    JourneyFailure redirect = assertRefused(journeys.reauthorise(acme, awaiting.id(), "https://evil.example", null),
        Reason.REDIRECT_URL_NOT_ALLOWED);

    assertThat(notActive.getMessage()).startsWith("The consent is awaiting_authorization;");
    assertThat(redirect.pointers()).containsExactly("/redirectUrl");
    assertThat(yapily.reauthorisations).isEmpty();
  }

  @Test
  void aProviderWithoutRenewalsIsRefusedAsNotSupported() {
    ConsentRecord authorised = authorised();
    yapily.reauthorise = null;

    JourneyFailure refused = assertRefused(journeys.reauthorise(acme, authorised.id(), RETURN, null),
        Reason.REAUTHORISATION_NOT_SUPPORTED);

    assertThat(refused.provider()).isEqualTo("yapily");
    assertThat(stored(authorised.id())).isEqualTo(authorised);
  }

  @Test
  void otherRenewalFailuresAreNotDisguised() {
    ConsentRecord authorised = authorised();
    ProviderFailure down = new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE, "yapily", null,
        503, "down"));
    yapily.reauthorise = () -> Future.failedFuture(down);

    Future<ConsentView> failed = journeys.reauthorise(acme, authorised.id(), RETURN, null);

    assertThat(failed.cause()).isSameAs(down);
    assertThat(stored(authorised.id())).isEqualTo(authorised);
  }

  // ---------------------------------------------------------- reconfirmation

  @Test
  void aReconfirmationIsReportedAtTheMomentGivenOrNow() {
    ConsentRecord authorised = authorised();
    ConsentReconfirmation recorded = new ConsentReconfirmation(clock.instant(), clock.instant().plus(Duration.ofDays(90)));
    yapily.reconfirm = () -> Future.succeededFuture(recorded);
    Instant earlier = clock.instant().minusSeconds(600);

    assertThat(value(journeys.reconfirm(acme, authorised.id(), null))).isEqualTo(recorded);
    value(journeys.reconfirm(acme, authorised.id(), earlier));
    value(journeys.reconfirm(acme, authorised.id(), clock.instant()));

    assertThat(yapily.reconfirmations).containsExactly(clock.instant(), earlier, clock.instant());
  }

  @Test
  void aReconfirmationInTheFutureOrOfAConsentNotAuthorisedIsRefused() {
    ConsentRecord authorised = authorised();
    ConsentRecord awaiting = value(journeys.create(acme, request())).record();

    JourneyFailure future = assertRefused(journeys.reconfirm(acme, authorised.id(), clock.instant().plusMillis(1)),
        Reason.INVALID_INPUT);
    assertRefused(journeys.reconfirm(acme, awaiting.id(), null), Reason.CONSENT_NOT_ACTIVE);
    assertRefused(journeys.reconfirm(acme, authorised.id(), null), Reason.RECONFIRMATION_NOT_SUPPORTED);

    assertThat(future.pointers()).containsExactly("/confirmedAt");
    assertThat(yapily.reconfirmations).hasSize(1);
  }

  // ---------------------------------------------------------------- decoupled

  @Test
  void anApprovalInTheBankingAppWaitsWithoutAPageAndTakesItsTokenFromTheRead() {
    ConsentRecord created = value(journeys.create(acme, request())).record();
    yapily.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, "pc-2",
        null, null, null, null, null, null, Map.of("leg", "authorisation")));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey()));

    assertThat(outcome.location()).isEqualTo(RETURN + "?consentId=" + created.id()
        + "&status=awaiting_authorization&state=st-1");
    ConsentRecord waiting = stored(created.id());
    assertThat(waiting.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(waiting.providerConsentId()).isEqualTo("pc-2");
    assertThat(waiting.authorisationUrl()).isNull();
    assertThat(waiting.journeyUsed()).isTrue();
    assertThat(waiting.sealedConsentToken()).isNull();

    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, firstAuthorisation, null,
        null, null, false, "app-token"));
    clock.advance(REFRESH_INTERVAL);
    ConsentRecord approved = value(journeys.get(acme, created.id())).record();

    assertThat(approved.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(secrets.open(approved.sealedConsentToken(), created.id())).isEqualTo("app-token");
  }

  // ------------------------------------------------------------------ helpers

  private ConsentRecord authorised() {
    ConsentRecord created = value(journeys.create(acme, request())).record();
    value(journeys.completeCallback("yapily", journey()));
    ConsentRecord done = stored(created.id());
    assertThat(done.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    return done;
  }

  /** The callback URL of the last journey the provider was given (first leg: the start's). */
  private CallbackParams journey() {
    String url = yapily.started.get(yapily.started.size() - 1).callbackUrl();
    return new CallbackParams(Map.of("journey", url.substring(url.indexOf("journey=") + "journey=".length())));
  }

  private ConsentRecord stored(String id) {
    return value(store.get(id)).orElseThrow();
  }

  private static NewConsent request() {
    return new NewConsent("yapily:thistle", "user-1", List.of("accounts"), RETURN, "st-1", null, null);
  }

  private static CallbackResult result(ConsentStatus status, String token, String error, Instant authorizedAt,
      Instant expiresAt) {
    return new CallbackResult(status, null, token, null, error, error == null ? null : "declined", authorizedAt,
        expiresAt, Map.of("leg", "authorisation"));
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.isComplete()).as("completes without waiting").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed", future.cause());
    }
    return future.result();
  }

  private static JourneyFailure assertRefused(Future<?> future, Reason reason) {
    assertThat(future.failed()).as("refused").isTrue();
    assertThat(future.cause()).isInstanceOf(JourneyFailure.class);
    JourneyFailure failure = (JourneyFailure) future.cause();
    assertThat(failure.reason()).isEqualTo(reason);
    return failure;
  }
}
