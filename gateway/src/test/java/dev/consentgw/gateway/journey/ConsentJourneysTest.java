package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.catalogue.CatalogueOptions;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journey orchestration on its own: fake providers, the in-memory store, a hand-moved clock.
 * Every future here completes synchronously (no Vert.x instance, no network); each refusal is
 * asserted together with the upstream call it must have prevented.
 */
class ConsentJourneysTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
  private static final String BASE = "https://gw.example";
  private static final String RETURN = "https://app.example/return";
  private static final Set<Permission> OFFERED = Set.of(Permission.ACCOUNTS, Permission.BALANCES,
      Permission.TRANSACTIONS);

  /** 23:30 UTC, so that "today" is the same date in UTC only. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:30:00Z"));
  private final FakeProvider yapily = new FakeProvider("yapily", null, List.of(
      FakeProvider.institution("yapily", "thistle", "Thistle Bank", true, OFFERED),
      FakeProvider.institution("yapily", "closed", "Closed Bank", false, OFFERED)));
  private final FakeProvider wych = new FakeProvider("wych", "cid", List.of(
      FakeProvider.institution("wych", "koala", "Koala Bank", true, OFFERED)));
  private final FakeProvider other = new FakeProvider("other", null, List.of());
  private final GatedStore store = new GatedStore(new InMemoryConsentStore(clock,
      new StoreOptions.Memory(1000, 1000, Duration.ofHours(1))));
  private final JourneyTokens tokens = new JourneyTokens();
  private final SecretBox secrets = new SecretBox(new byte[32]);
  private final JourneyBinding binding = new JourneyBinding(new byte[32]);
  private final InstitutionCatalogue catalogue = new InstitutionCatalogue(List.of(yapily, wych, other),
      new CatalogueOptions(Duration.ofHours(1), Duration.ofMinutes(1)), clock);
  private final ConsentJourneys journeys = new ConsentJourneys(
      Map.of("yapily", yapily, "wych", wych, "other", other), catalogue, store, tokens, secrets, binding,
      new JourneyOptions(TOKEN_LIFETIME, REFRESH_INTERVAL, Duration.ofHours(24), 5_000), BASE, clock);
  private final Tenant acme = new Tenant("acme", "Acme", Set.of(RETURN), Set.of("yapily", "wych", "other"));
  private final Tenant globex = new Tenant("globex", "Globex", Set.of(RETURN), Set.of("yapily"));

  ConsentJourneysTest() {
    yapily.start = () -> Future.succeededFuture(new ConsentStart("pc-1", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://bank.example/auth", "https://bank.example/qr", null, Map.of("k", "v")));
    wych.start = () -> Future.succeededFuture(new ConsentStart("conn-1", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://wych.example/auth", null, null, Map.of()));
    yapily.callback = () -> Future.succeededFuture(authorized("consent-token-secret", null));
    wych.callback = () -> Future.succeededFuture(authorized(null, null));
  }

  // ---- create: everything that can be checked before going upstream

  @Test
  void aJourneyStartsAtTheProviderAndIsRegistered() {
    Instant expires = clock.instant().plus(Duration.ofDays(90));
    ConsentView view = value(journeys.create(acme, request("yapily:thistle").expiresAt(expires)
        .transactionsFrom(LocalDate.parse("2026-03-01")).build()));

    ConsentRecord record = view.record();
    assertThat(view.stale()).isFalse();
    assertThat(record.id()).startsWith("cns_").hasSize(4 + 22);
    assertThat(record.tenantId()).isEqualTo("acme");
    assertThat(record.provider()).isEqualTo("yapily");
    assertThat(record.institutionId()).isEqualTo("yapily:thistle");
    assertThat(record.providerInstitutionId()).isEqualTo("thistle");
    assertThat(record.userReference()).isEqualTo("user-1");
    assertThat(record.permissions()).containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.BALANCES);
    assertThat(record.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(record.createdAt()).isEqualTo(clock.instant());
    assertThat(record.updatedAt()).isEqualTo(clock.instant());
    assertThat(record.statusCheckedAt()).isEqualTo(clock.instant());
    assertThat(record.expiresAt()).as("the requested end, the provider named none").isEqualTo(expires);
    assertThat(record.providerConsentId()).isEqualTo("pc-1");
    assertThat(record.providerState()).isEqualTo(Map.of("k", "v"));
    assertThat(record.authorisationUrl()).isEqualTo("https://bank.example/auth");
    assertThat(record.qrCodeUrl()).isEqualTo("https://bank.example/qr");
    assertThat(record.redirectUrl()).isEqualTo(RETURN);
    assertThat(record.state()).isEqualTo("st-1");
    assertThat(record.journeyUsed()).isFalse();
    assertThat(record.journeyExpiresAt()).isEqualTo(clock.instant().plus(TOKEN_LIFETIME));
    assertThat(value(store.get(record.id()))).contains(record);

    assertThat(yapily.started).singleElement().satisfies(upstream -> {
      assertThat(upstream.institution().providerInstitutionId()).isEqualTo("thistle");
      assertThat(upstream.userReference()).as("scoped to the tenant").isEqualTo("acme:user-1");
      assertThat(upstream.permissions()).containsExactlyInAnyOrder(Permission.ACCOUNTS, Permission.BALANCES);
      assertThat(upstream.expiresAt()).isEqualTo(expires);
      assertThat(upstream.transactionsFrom()).isEqualTo(LocalDate.parse("2026-03-01"));
      assertThat(upstream.callbackUrl()).startsWith(BASE + "/v1/callbacks/yapily?journey=");
      assertThat(tokens.hash(journeyToken(upstream.callbackUrl()))).isEqualTo(record.journeyTokenHash());
    });
  }

  @Test
  void theProvidersExpiryWinsOverTheRequestedOne() {
    Instant providers = clock.instant().plus(Duration.ofDays(30));
    yapily.start = () -> Future.succeededFuture(new ConsentStart("pc-1", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://bank.example/auth", null, providers, Map.of()));

    ConsentView view = value(journeys.create(acme, request("yapily:thistle")
        .expiresAt(clock.instant().plus(Duration.ofDays(90))).build()));

    assertThat(view.record().expiresAt()).isEqualTo(providers);
  }

  @Test
  void anInstitutionIdWithoutProviderIsNotFound() {
    assertRefused(journeys.create(acme, request("thistle").build()), Reason.INSTITUTION_NOT_FOUND);
  }

  @Test
  void aProviderTheTenantMayNotUseIsNotEnabled() {
    assertRefused(journeys.create(globex, request("wych:koala").build()), Reason.PROVIDER_NOT_ENABLED);
    assertRefused(journeys.create(acme, request("nobody:bank").build()), Reason.PROVIDER_NOT_ENABLED);
    assertThat(wych.started).isEmpty();
    assertThat(wych.listCalls).as("not even the catalogue is asked").isZero();
  }

  @Test
  void aRedirectUrlOutsideTheAllowListIsRefused() {
    JourneyFailure failure = assertRefused(journeys.create(acme, request("yapily:thistle")
        .redirectUrl(RETURN + "/other").build()), Reason.REDIRECT_URL_NOT_ALLOWED);
    assertThat(failure.pointers()).containsExactly("/redirectUrl");
  }

  @Test
  void expiresAtMustLieAfterNow() {
    JourneyFailure failure = assertRefused(journeys.create(acme, request("yapily:thistle")
        .expiresAt(clock.instant()).build()), Reason.INVALID_INPUT);
    assertThat(failure.pointers()).containsExactly("/expiresAt");
    assertRefused(journeys.create(acme, request("yapily:thistle").expiresAt(clock.instant().minusSeconds(1)).build()),
        Reason.INVALID_INPUT);
    assertThat(yapily.started).isEmpty();

    value(journeys.create(acme, request("yapily:thistle").expiresAt(clock.instant().plusMillis(1)).build()));
    assertThat(yapily.started).hasSize(1);
  }

  @Test
  void transactionsFromMayBeTodayInUtcButNotLater() {
    JourneyFailure failure = assertRefused(journeys.create(acme, request("yapily:thistle")
        .transactionsFrom(LocalDate.parse("2026-03-02")).build()), Reason.INVALID_INPUT);
    assertThat(failure.pointers()).containsExactly("/transactionsFrom");
    assertThat(yapily.started).isEmpty();

    value(journeys.create(acme, request("yapily:thistle").transactionsFrom(LocalDate.parse("2026-03-01")).build()));
    assertThat(yapily.started).hasSize(1);
  }

  @Test
  void anUnknownPermissionIsNotSupported() {
    assertRefused(journeys.create(acme, request("yapily:thistle").permissions("accounts", "telepathy").build()),
        Reason.PERMISSION_NOT_SUPPORTED);
    assertThat(yapily.started).isEmpty();
  }

  @Test
  void aPermissionTheInstitutionDoesNotOfferIsNamed() {
    JourneyFailure failure = assertRefused(journeys.create(acme, request("yapily:thistle")
        .permissions("payees", "accounts", "customer").build()), Reason.PERMISSION_NOT_SUPPORTED);
    assertThat(failure).hasMessage("Thistle Bank does not offer: customer, payees.");
    assertThat(failure.provider()).isEqualTo("yapily");
    assertThat(yapily.started).isEmpty();
  }

  @Test
  void anInstitutionMissingFromTheCatalogueIsNotFound() {
    assertRefused(journeys.create(acme, request("yapily:atlantis").build()), Reason.INSTITUTION_NOT_FOUND);
    assertThat(yapily.started).isEmpty();
  }

  @Test
  void anInstitutionThatTakesNoNewConsentsIsNotConnectable() {
    JourneyFailure failure = assertRefused(journeys.create(acme, request("yapily:closed").build()),
        Reason.INSTITUTION_NOT_CONNECTABLE);
    assertThat(failure).hasMessage("Closed Bank does not accept new consents at the moment.");
    assertThat(yapily.started).isEmpty();
  }

  @Test
  void anUnavailableCatalogueFailsWithTheProvidersFailure() {
    ProviderFailure down = new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE, "yapily", null, 503,
        "down"));
    yapily.institutions = () -> Future.failedFuture(down);

    Throwable failure = journeys.create(acme, request("yapily:thistle").build()).cause();

    assertThat(failure).isSameAs(down);
    assertThat(yapily.started).isEmpty();
  }

  @Test
  void aProviderThatFailsToStartRegistersNothing() {
    yapily.start = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.TIMEOUT,
        "yapily", "thistle", 0, "slow")));

    assertThat(journeys.create(acme, request("yapily:thistle").build()).cause()).isInstanceOf(ProviderFailure.class);
    assertThat(value(store.listByUser("acme", "user-1"))).isEmpty();
  }

  // ---- get: status refresh

  @Test
  void theStatusIsAskedAgainOnlyOnceTheRefreshIntervalHasPassed() {
    ConsentRecord created = create();
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED,
        clock.instant(), clock.instant().plus(Duration.ofDays(60))));

    clock.advance(REFRESH_INTERVAL.minusMillis(1));
    assertThat(value(journeys.get(acme, created.id())).record().status())
        .isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(yapily.reads).isEmpty();

    clock.advance(Duration.ofMillis(1));
    ConsentView refreshed = value(journeys.get(acme, created.id()));

    assertThat(yapily.reads).singleElement().satisfies(ref -> {
      assertThat(ref.providerConsentId()).isEqualTo("pc-1");
      assertThat(ref.userReference()).isEqualTo("acme:user-1");
      assertThat(ref.providerInstitutionId()).isEqualTo("thistle");
      assertThat(ref.providerState()).isEqualTo(Map.of("k", "v"));
    });
    assertThat(refreshed.stale()).isFalse();
    assertThat(refreshed.record().status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(refreshed.record().statusCheckedAt()).isEqualTo(clock.instant());
    assertThat(refreshed.record().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(60)));
    assertThat(value(store.get(created.id()))).contains(refreshed.record());

    clock.advance(REFRESH_INTERVAL.minusMillis(1));
    value(journeys.get(acme, created.id()));
    assertThat(yapily.reads).as("checked again just now: not asked").hasSize(1);
  }

  @Test
  void aTerminalConsentIsNeverRefreshed() {
    ConsentRecord created = create();
    value(store.update(created.id(), r -> r.withStatus(ConsentStatus.EXPIRED, clock.instant(), null, null)));
    clock.advance(Duration.ofDays(1));

    assertThat(value(journeys.get(acme, created.id())).record().status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(yapily.reads).isEmpty();
  }

  @Test
  void aProviderThatCannotBeAskedLeavesTheLastKnownStatusMarkedStale() {
    ConsentRecord created = create();
    yapily.read = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "yapily", null, 502, "down")));
    clock.advance(REFRESH_INTERVAL);

    ConsentView view = value(journeys.get(acme, created.id()));

    assertThat(view.stale()).isTrue();
    assertThat(view.record()).isEqualTo(created);
  }

  @Test
  void aFailureThatIsNotTheProvidersIsNotHidden() {
    ConsentRecord created = create();
    IllegalStateException bug = new IllegalStateException("bug");
    yapily.read = () -> Future.failedFuture(bug);
    clock.advance(REFRESH_INTERVAL);

    assertThat(journeys.get(acme, created.id()).cause()).isSameAs(bug);
  }

  @Test
  void anotherTenantsConsentIsNotFound() {
    ConsentRecord created = create();
    clock.advance(REFRESH_INTERVAL);

    assertRefused(journeys.get(globex, created.id()), Reason.CONSENT_NOT_FOUND);
    assertRefused(journeys.revoke(globex, created.id()), Reason.CONSENT_NOT_FOUND);
    assertRefused(journeys.get(acme, "cns_unknown"), Reason.CONSENT_NOT_FOUND);
    assertThat(yapily.reads).isEmpty();
    assertThat(yapily.revokes).isEmpty();
  }

  // ---- revoke

  @Test
  void revokingTwiceAsksTheProviderOnce() {
    ConsentRecord created = create();
    clock.advance(Duration.ofSeconds(5));

    value(journeys.revoke(acme, created.id()));
    ConsentRecord revoked = value(store.get(created.id())).orElseThrow();
    assertThat(revoked.status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(revoked.updatedAt()).isEqualTo(clock.instant());
    assertThat(revoked.journeyUsed()).as("the journey link dies with the consent").isTrue();
    assertThat(yapily.revokes).singleElement().extracting(r -> r.providerConsentId()).isEqualTo("pc-1");

    value(journeys.revoke(acme, created.id()));
    assertThat(yapily.revokes).as("already revoked: nothing to ask").hasSize(1);
  }

  @Test
  void aRevokeTheProviderRefusesChangesNothing() {
    ConsentRecord created = create();
    yapily.revoke = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "yapily", null, 503, "down")));

    assertThat(journeys.revoke(acme, created.id()).cause()).isInstanceOf(ProviderFailure.class);
    assertThat(value(store.get(created.id()))).contains(created);
  }

  @Test
  void aRevokeTheProviderCannotConfirmIsRefusedAndChangesNothing() {
    ConsentRecord created = create();
    yapily.revoke = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.NOT_FOUND,
        "yapily", null, 404, "Wych does not know the object of revokeConnection.")));

    Throwable refused = journeys.revoke(acme, created.id()).cause();

    assertThat(refused).isInstanceOfSatisfying(JourneyFailure.class, f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_UNCONFIRMED);
      assertThat(f.provider()).isEqualTo("yapily");
      assertThat(f.getMessage()).startsWith("Wych does not know the object of revokeConnection. The revocation is"
          + " unconfirmed");
    });
    assertThat(value(store.get(created.id()))).contains(created);
    assertThat(yapily.revokes).hasSize(1);
  }

  @Test
  void aRevokedConsentIsNoLongerTracked() {
    ConsentRecord created = create();
    assertThat(created.nextRefreshAt()).isEqualTo(created.createdAt().plus(REFRESH_INTERVAL));

    value(journeys.revoke(acme, created.id()));

    assertThat(value(store.get(created.id())).orElseThrow().nextRefreshAt()).isNull();
  }

  @Test
  void anUnconfirmedReadKeepsTheStatusMarkedStale() {
    ConsentRecord created = create();
    yapily.read = () -> Future.succeededFuture(ConsentState.unconfirmed());
    clock.advance(REFRESH_INTERVAL);

    ConsentView view = value(journeys.get(acme, created.id()));

    assertThat(view.record().status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(view.record().statusStale()).isTrue();
    assertThat(view.record().statusCheckedAt()).isEqualTo(created.statusCheckedAt());
  }

  @Test
  void listingReturnsTheUsersConsentsNewestFirst() {
    ConsentRecord first = create();
    clock.advance(Duration.ofSeconds(1));
    ConsentRecord second = create();

    assertThat(value(journeys.listForUser(acme, "user-1"))).extracting(ConsentRecord::id)
        .containsExactly(second.id(), first.id());
    assertThat(value(journeys.listForUser(globex, "user-1"))).isEmpty();
  }

  // ---- callbacks

  @Test
  void aCallbackCompletesTheJourneyAndSendsTheBrowserToTheTenant() {
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    clock.advance(Duration.ofMinutes(1));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey(token)));

    assertThat(outcome.location()).isEqualTo(RETURN + "?consentId=" + created.id() + "&status=authorized&state=st-1");
    ConsentRecord done = value(store.get(created.id())).orElseThrow();
    assertThat(done.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(done.authorizedAt()).as("the provider named no time: now").isEqualTo(clock.instant());
    assertThat(done.journeyUsed()).isTrue();
    assertThat(done.authorisationUrl()).isNull();
    assertThat(done.sealedConsentToken()).isNotNull().doesNotContain("consent-token-secret");
    assertThat(secrets.open(done.sealedConsentToken(), created.id())).isEqualTo("consent-token-secret");
    assertThat(yapily.callbacks).singleElement().satisfies(ref -> {
      assertThat(ref.providerConsentId()).isEqualTo("pc-1");
      assertThat(ref.consentToken()).isNull();
    });
    assertThat(yapily.nextCallbackUrls.get(0)).startsWith(BASE + "/v1/callbacks/yapily?journey=")
        .isNotEqualTo(yapily.started.get(0).callbackUrl());

    clock.advance(REFRESH_INTERVAL);
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    value(journeys.get(acme, created.id()));
    assertThat(yapily.reads).singleElement().extracting(r -> r.consentToken())
        .as("the sealed token is opened for the provider").isEqualTo("consent-token-secret");
  }

  @Test
  void theProvidersAuthorisationTimeIsKept() {
    Instant at = clock.instant().minusSeconds(30);
    yapily.callback = () -> Future.succeededFuture(authorized(null, at));
    ConsentRecord created = create();

    value(journeys.completeCallback("yapily", journey(journeyToken(yapily.started.get(0).callbackUrl()))));

    ConsentRecord done = value(store.get(created.id())).orElseThrow();
    assertThat(done.authorizedAt()).isEqualTo(at);
    assertThat(done.sealedConsentToken()).as("no token handed over").isNull();
  }

  @Test
  void aJourneyTheUserDeclinedRedirectsWithTheErrorAndNoAuthorisationTime() {
    yapily.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.REJECTED, null, null, null,
        "access_denied", "The user declined.", null, null, Map.of()));
    ConsentRecord created = create();

    CallbackOutcome outcome = value(journeys.completeCallback("yapily",
        journey(journeyToken(yapily.started.get(0).callbackUrl()))));

    assertThat(outcome.location()).isEqualTo(RETURN + "?consentId=" + created.id()
        + "&status=rejected&state=st-1&error=access_denied");
    ConsentRecord done = value(store.get(created.id())).orElseThrow();
    assertThat(done.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(done.authorizedAt()).isNull();
    assertThat(done.errorCode()).isEqualTo("access_denied");
    assertThat(done.errorDescription()).isEqualTo("The user declined.");
  }

  @Test
  void aProviderFailureOnTheCallbackStillSendsTheBrowserHomeWithTheErrorCode() {
    yapily.callback = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.TIMEOUT,
        "yapily", null, 0, "slow")));
    ConsentRecord created = create();
    clock.advance(Duration.ofSeconds(3));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily",
        journey(journeyToken(yapily.started.get(0).callbackUrl()))));

    assertThat(outcome.location()).isEqualTo(RETURN + "?consentId=" + created.id()
        + "&status=awaiting_authorization&state=st-1&error=upstream_timeout");
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.errorCode()).isEqualTo("upstream_timeout");
    assertThat(after.errorDescription()).isEqualTo("The provider could not complete the journey.");
    assertThat(after.updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aCallbackFailureThatIsNotTheProvidersIsNotHidden() {
    IllegalStateException bug = new IllegalStateException("bug");
    yapily.callback = () -> Future.failedFuture(bug);
    create();

    assertThat(journeys.completeCallback("yapily", journey(journeyToken(yapily.started.get(0).callbackUrl())))
        .cause()).isSameAs(bug);
  }

  @Test
  void aSecondLegGetsAFreshJourneyLinkAndTheFirstOneDies() {
    yapily.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, "pc-2",
        null, "https://bank.example/leg2", null, null, null, null, Map.of("leg", "2")));
    ConsentRecord created = create();
    String firstToken = journeyToken(yapily.started.get(0).callbackUrl());
    clock.advance(Duration.ofMinutes(10));

    CallbackOutcome outcome = value(journeys.completeCallback("yapily", journey(firstToken)));

    assertThat(outcome.location()).isEqualTo("https://bank.example/leg2");
    String secondToken = journeyToken(yapily.nextCallbackUrls.get(0));
    ConsentRecord leg2 = value(store.get(created.id())).orElseThrow();
    assertThat(leg2.journeyTokenHash()).isEqualTo(tokens.hash(secondToken));
    assertThat(leg2.journeyExpiresAt()).as("a full lifetime from now").isEqualTo(clock.instant().plus(TOKEN_LIFETIME));
    assertThat(leg2.journeyUsed()).isFalse();
    assertThat(leg2.providerConsentId()).isEqualTo("pc-2");
    assertThat(leg2.providerState()).isEqualTo(Map.of("leg", "2"));
    assertThat(leg2.authorisationUrl()).isEqualTo("https://bank.example/leg2");

    assertRefused(journeys.completeCallback("yapily", journey(firstToken)), Reason.JOURNEY_NOT_FOUND);

    yapily.callback = () -> Future.succeededFuture(authorized(null, null));
    clock.advance(TOKEN_LIFETIME.minusMillis(1));
    CallbackOutcome done = value(journeys.completeCallback("yapily", journey(secondToken)));
    assertThat(done.location()).contains("status=authorized");
    assertThat(yapily.callbacks).hasSize(2);
  }

  @Test
  void theJourneyLinkWorksUntilTheLastMillisecondOfItsLifetime() {
    ConsentRecord created = create();
    clock.advance(TOKEN_LIFETIME.minusMillis(1));

    value(journeys.completeCallback("yapily", journey(journeyToken(yapily.started.get(0).callbackUrl()))));

    assertThat(value(store.get(created.id())).orElseThrow().status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void theJourneyLinkExpiresExactlyAtTheEndOfItsLifetime() {
    ConsentRecord created = create();
    clock.advance(TOKEN_LIFETIME);

    assertRefused(journeys.completeCallback("yapily", journey(journeyToken(yapily.started.get(0).callbackUrl()))),
        Reason.JOURNEY_EXPIRED);

    assertThat(yapily.callbacks).as("the provider is never asked").isEmpty();
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.status()).as("the consent tells the truth: the journey was not finished in time")
        .isEqualTo(ConsentStatus.EXPIRED);
    assertThat(after.errorCode()).isEqualTo("journey_expired");
  }

  @Test
  void aJourneyLinkIsUsedOnce() {
    create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    value(journeys.completeCallback("yapily", journey(token)));

    assertRefused(journeys.completeCallback("yapily", journey(token)), Reason.JOURNEY_ALREADY_COMPLETED);
    assertThat(yapily.callbacks).hasSize(1);
  }

  @Test
  void aConsentThatEndedMeanwhileTakesNoCallback() {
    ConsentRecord created = create();
    value(store.update(created.id(), r -> r.withStatus(ConsentStatus.FAILED, clock.instant(), null, null)));

    assertRefused(journeys.completeCallback("yapily", journey(journeyToken(yapily.started.get(0).callbackUrl()))),
        Reason.JOURNEY_ALREADY_COMPLETED);
    assertThat(yapily.callbacks).isEmpty();
  }

  @Test
  void aJourneyLinkIsValidOnlyAtItsOwnProvider() {
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());

    assertRefused(journeys.completeCallback("other", journey(token)), Reason.JOURNEY_NOT_FOUND);

    assertThat(other.callbacks).isEmpty();
    assertThat(yapily.callbacks).isEmpty();
    assertThat(value(store.get(created.id())).orElseThrow().journeyUsed()).isFalse();
  }

  @Test
  void callbacksThatIdentifyNoJourneyAreRefused() {
    create();

    assertRefused(journeys.completeCallback("nobody", journey("x")), Reason.JOURNEY_NOT_FOUND);
    assertRefused(journeys.completeCallback("yapily", new CallbackParams(Map.of("code", "c"))),
        Reason.CALLBACK_INVALID);
    assertRefused(journeys.completeCallback("yapily", journey("not-a-token")), Reason.JOURNEY_NOT_FOUND);
    assertThat(yapily.callbacks).isEmpty();
  }

  @Test
  void aProviderWithAFixedCallbackUrlIsCorrelatedByItsOwnConsentId() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    String cookie = value(journeys.enterJourney(created.id(), hopToken(created))).cookieValue();

    assertRefused(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-unknown")), cookie),
        Reason.JOURNEY_NOT_FOUND);
    CallbackOutcome outcome = value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")),
        cookie));

    assertThat(outcome.location()).contains("consentId=" + created.id()).contains("status=authorized");
    assertThat(wych.callbacks).singleElement().extracting(r -> r.providerConsentId()).isEqualTo("conn-1");
  }

  // ---- journeys bound to the browser (providers with a fixed callback URL)

  @Test
  void aBoundJourneysAuthorisationUrlIsTheGatewaysEntryUrlAndOthersAreTheProviders() {
    ConsentView bound = value(journeys.create(acme, request("wych:koala").build()));
    ConsentView unbound = value(journeys.create(acme, request("yapily:thistle").build()));

    assertThat(bound.authorisationUrl()).isEqualTo(BASE + "/v1/journeys/" + bound.record().id() + "/"
        + hopToken(bound.record()));
    assertThat(bound.record().authorisationUrl()).as("the provider's page stays inside").isEqualTo(
        "https://wych.example/auth");
    assertThat(journeys.view(bound.record(), true).authorisationUrl()).isEqualTo(bound.authorisationUrl());
    assertThat(unbound.authorisationUrl()).isEqualTo("https://bank.example/auth");
  }

  @Test
  void enteringABoundJourneySendsTheBrowserToTheProviderWithItsBinding() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    clock.advance(Duration.ofMinutes(5));

    JourneyEntry entry = value(journeys.enterJourney(created.id(), hopToken(created)));

    assertThat(entry.location()).isEqualTo("https://wych.example/auth");
    assertThat(entry.cookieValue()).isEqualTo(binding.cookieValue(created.id(), created.journeyTokenHash()))
        .isNotEqualTo(hopToken(created));
    assertThat(entry.maxAge()).isEqualTo(TOKEN_LIFETIME.minusMinutes(5));
    assertThat(entry.cookiePath()).isEqualTo("/v1/callbacks/wych");
    assertThat(entry.secure()).isTrue();
    assertThat(entry.toString()).contains("/v1/callbacks/wych").doesNotContain(entry.cookieValue());
    assertThat(wych.callbacks).isEmpty();
  }

  @Test
  void theCookieIsScopedToTheCallbackUnderTheBaseUrlsPathAndNotSecureOverHttp() {
    ConsentJourneys behindAPath = new ConsentJourneys(Map.of("wych", wych), catalogue, store, tokens, secrets,
        binding, new JourneyOptions(TOKEN_LIFETIME, REFRESH_INTERVAL, Duration.ofHours(24), 5_000),
        "http://gw.example/gateway", clock);
    ConsentView created = value(behindAPath.create(acme, request("wych:koala").build()));

    JourneyEntry entry = value(behindAPath.enterJourney(created.record().id(), hopToken(created.record())));

    assertThat(created.authorisationUrl()).startsWith("http://gw.example/gateway/v1/journeys/");
    assertThat(entry.cookiePath()).isEqualTo("/gateway/v1/callbacks/wych");
    assertThat(entry.secure()).isFalse();
  }

  @Test
  void aBoundJourneyWhoseConsentIsNoLongerAwaitingHasNoEntry() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    wych.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    clock.advance(REFRESH_INTERVAL);

    ConsentView refreshed = value(journeys.get(acme, created.id()));

    assertThat(refreshed.record().status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(refreshed.record().journeyUsed()).isFalse();
    assertThat(refreshed.authorisationUrl()).isNull();
    assertRefused(journeys.enterJourney(created.id(), hopToken(created)), Reason.JOURNEY_ALREADY_COMPLETED);
  }

  @Test
  void anEntryUrlWithAWrongTokenOrForAnUnboundJourneyIsUnknown() {
    ConsentRecord bound = value(journeys.create(acme, request("wych:koala").build())).record();
    ConsentRecord unbound = create();

    assertRefused(journeys.enterJourney(bound.id(), binding.cookieValue(bound.id(), bound.journeyTokenHash())),
        Reason.JOURNEY_NOT_FOUND);
    assertRefused(journeys.enterJourney(bound.id(), null), Reason.JOURNEY_NOT_FOUND);
    assertRefused(journeys.enterJourney("cns_nobody", hopToken(bound)), Reason.JOURNEY_NOT_FOUND);
    assertRefused(journeys.enterJourney(unbound.id(), hopToken(unbound)), Reason.JOURNEY_NOT_FOUND);
  }

  @Test
  void anEntryUrlOpenedAfterTheJourneyEndedOrExpiredIsRefused() {
    ConsentRecord done = value(journeys.create(acme, request("wych:koala").build())).record();
    String cookie = value(journeys.enterJourney(done.id(), hopToken(done))).cookieValue();
    value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")), cookie));
    wych.start = () -> Future.succeededFuture(new ConsentStart("conn-2", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://wych.example/auth2", null, null, Map.of()));
    ConsentRecord late = value(journeys.create(acme, request("wych:koala").build())).record();

    assertRefused(journeys.enterJourney(done.id(), hopToken(done)), Reason.JOURNEY_ALREADY_COMPLETED);
    clock.advance(TOKEN_LIFETIME);
    assertRefused(journeys.enterJourney(late.id(), hopToken(late)), Reason.JOURNEY_EXPIRED);
    ConsentRecord expired = value(store.get(late.id())).orElseThrow();
    assertThat(expired.status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(expired.errorCode()).isEqualTo("journey_expired");
  }

  @Test
  void aBoundJourneysCallbackWithoutItsCookieNeitherAsksTheProviderNorConsumesTheJourney() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    wych.start = () -> Future.succeededFuture(new ConsentStart("conn-2", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://wych.example/auth2", null, null, Map.of()));
    ConsentRecord another = value(journeys.create(acme, request("wych:koala").build())).record();
    String anothersCookie = value(journeys.enterJourney(another.id(), hopToken(another))).cookieValue();
    CallbackParams params = new CallbackParams(Map.of("cid", "conn-1"));

    JourneyFailure missing = assertRefused(journeys.completeCallback("wych", params), Reason.JOURNEY_BINDING_MISSING);
    JourneyFailure wrong = assertRefused(journeys.completeCallback("wych", params, anothersCookie),
        Reason.JOURNEY_BINDING_MISSING);
    assertRefused(journeys.completeCallback("wych", params, hopToken(created)), Reason.JOURNEY_BINDING_MISSING);

    assertThat(missing.getMessage()).contains("did not start this journey");
    assertThat(wrong.getMessage()).contains("a different journey");
    assertThat(missing.provider()).isEqualTo("wych");
    assertThat(wych.callbacks).as("the provider is not asked").isEmpty();
    ConsentRecord untouched = value(store.get(created.id())).orElseThrow();
    assertThat(untouched.journeyUsed()).isFalse();
    assertThat(untouched.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    CallbackOutcome genuine = value(journeys.completeCallback("wych", params,
        binding.cookieValue(created.id(), created.journeyTokenHash())));
    assertThat(genuine.location()).contains("status=authorized");
  }

  @Test
  void aBoundCallbackForAConnectionTheProviderStillReportsPendingLeavesTheJourneyOpen() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    String cookie = binding.cookieValue(created.id(), created.journeyTokenHash());
    CallbackParams params = new CallbackParams(Map.of("cid", "conn-1"));
    wych.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, null, null,
        null, null, null, null, null, Map.of()));

    assertRefused(journeys.completeCallback("wych", params, cookie), Reason.CALLBACK_INVALID);

    assertThat(wych.callbacks).as("the provider was asked").hasSize(1);
    assertThat(value(store.get(created.id())).orElseThrow().journeyUsed()).isFalse();
    wych.callback = () -> Future.succeededFuture(authorized(null, null));
    assertThat(value(journeys.completeCallback("wych", params, cookie)).location()).contains("status=authorized");
  }

  @Test
  void aBoundCallbackTheProviderCannotAnswerUsesTheJourneyAndReportsTheFailure() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    String cookie = binding.cookieValue(created.id(), created.journeyTokenHash());
    wych.callback = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "wych", null, 503, "down")));

    CallbackOutcome outcome = value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")),
        cookie));

    assertThat(outcome.location()).contains("consentId=" + created.id()).contains("error=provider_unavailable");
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.journeyUsed()).isTrue();
    assertThat(after.errorCode()).isEqualTo("provider_unavailable");
  }

  @Test
  void theBindingIsRequiredOnlyWhereTheCallbackCannotCarryTheJourneyToken() {
    create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());

    assertThat(value(journeys.completeCallback("yapily", journey(token), null)).location())
        .contains("status=authorized");
  }

  @Test
  void ofTwoCallbacksRacingWithOneLinkOnlyOneReachesTheProvider() {
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    store.holdLookups();

    Future<CallbackOutcome> first = journeys.completeCallback("yapily", journey(token));
    Future<CallbackOutcome> second = journeys.completeCallback("yapily", journey(token));
    store.releaseLookups();

    assertThat(first.succeeded()).isTrue();
    assertThat(refusal(second).reason()).isEqualTo(Reason.JOURNEY_ALREADY_COMPLETED);
    assertThat(yapily.callbacks).hasSize(1);
    assertThat(value(store.get(created.id())).orElseThrow().status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void aFirstLegLinkLookedUpBeforeTheSecondLegBeganCannotRedeemIt() {
    yapily.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, null,
        null, "https://bank.example/leg2", null, null, null, null, Map.of()));
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    store.holdLookups();
    Future<CallbackOutcome> late = journeys.completeCallback("yapily", journey(token));
    // Meanwhile the first leg completes and the second begins, unused.
    value(store.update(created.id(), r -> r.withNextLeg(null, Map.of(), "https://bank.example/leg2",
        "hash-of-leg-2", clock.instant().plus(TOKEN_LIFETIME), clock.instant())));

    store.releaseLookups();

    assertThat(refusal(late).reason()).isEqualTo(Reason.JOURNEY_ALREADY_COMPLETED);
    assertThat(yapily.callbacks).isEmpty();
    assertThat(value(store.get(created.id())).orElseThrow().journeyUsed()).isFalse();
  }

  @Test
  void findShowsOnlyTheTenantsOwnConsentAsStored() {
    ConsentRecord created = create();

    assertThat(value(journeys.find(acme, created.id()))).get().satisfies(view -> {
      assertThat(view.record()).isEqualTo(created);
      assertThat(view.stale()).isFalse();
    });
    assertThat(value(journeys.find(globex, created.id()))).isEmpty();
    assertThat(value(journeys.find(acme, "cns_unknown"))).isEmpty();
    assertThat(yapily.reads).as("as stored: the provider is not asked").isEmpty();
  }

  @Test
  void aCorrelatedCallbackTheProviderStillReportsPendingIsRefusedAndKeepsTheJourney() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    wych.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, null, null,
        null, null, null, null, null, Map.of()));

    JourneyFailure refused = assertRefused(journeys.completeCallback("wych",
        new CallbackParams(Map.of("cid", "conn-1")), bindingOf(created)), Reason.CALLBACK_INVALID);

    assertThat(refused.provider()).isEqualTo("wych");
    assertThat(wych.callbacks).as("the provider is asked before the journey is used").hasSize(1);
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.journeyUsed()).isFalse();
    assertThat(after.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);

    wych.callback = () -> Future.succeededFuture(authorized(null, null));
    value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")), bindingOf(created)));
    assertThat(value(store.get(created.id())).orElseThrow().status()).isEqualTo(ConsentStatus.AUTHORIZED);
  }

  @Test
  void aCorrelatedCallbackWithANextLegIsNotPending() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    wych.callback = () -> Future.succeededFuture(new CallbackResult(ConsentStatus.AWAITING_AUTHORIZATION, null, null,
        "https://wych.example/leg2", null, null, null, null, Map.of()));

    CallbackOutcome outcome = value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")), bindingOf(created)));

    assertThat(outcome.location()).isEqualTo("https://wych.example/leg2");
    assertThat(value(store.get(created.id())).orElseThrow().authorisationUrl()).isEqualTo("https://wych.example/leg2");
  }

  @Test
  void aCorrelatedCallbackTheProviderFailsUsesTheJourneyAndSendsTheBrowserHome() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    wych.callback = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "wych", null, 503, "down")));

    CallbackOutcome outcome = value(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")), bindingOf(created)));

    assertThat(outcome.location()).startsWith(RETURN + "?consentId=" + created.id() + "&status=awaiting_authorization")
        .endsWith("&error=provider_unavailable");
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.journeyUsed()).isTrue();
    assertThat(after.errorCode()).isEqualTo("provider_unavailable");
  }

  @Test
  void aCorrelatedCallbackFailureThatIsNotTheProvidersIsNotHiddenAndUsesNothing() {
    ConsentRecord created = value(journeys.create(acme, request("wych:koala").build())).record();
    IllegalStateException bug = new IllegalStateException("bug");
    wych.callback = () -> Future.failedFuture(bug);

    assertThat(journeys.completeCallback("wych", new CallbackParams(Map.of("cid", "conn-1")), bindingOf(created)).cause()).isSameAs(bug);
    assertThat(value(store.get(created.id())).orElseThrow().journeyUsed()).isFalse();
  }

  @Test
  void aStaleLinkArrivingLateDoesNotExpireAJourneyBeingCompleted() {
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    store.holdLookups();
    Future<CallbackOutcome> late = journeys.completeCallback("yapily", journey(token));
    Runnable releaseLate = store.detachLookups();
    Promise<CallbackResult> bankAnswer = Promise.promise();
    yapily.callback = bankAnswer::future;
    // The first use of the link redeems it while the provider is still being asked ...
    Future<CallbackOutcome> first = journeys.completeCallback("yapily", journey(token));
    // ... and the copy read before that arrives after the link's lifetime.
    clock.advance(TOKEN_LIFETIME);
    releaseLate.run();

    assertThat(refusal(late).reason()).isEqualTo(Reason.JOURNEY_EXPIRED);
    ConsentRecord during = value(store.get(created.id())).orElseThrow();
    assertThat(during.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(during.errorCode()).isNull();
    bankAnswer.complete(authorized(null, null));
    assertThat(value(first).location()).contains("status=authorized");
  }

  @Test
  void aStaleLinkArrivingLateKeepsAnEndTheProviderReportedMeanwhile() {
    ConsentRecord created = create();
    String token = journeyToken(yapily.started.get(0).callbackUrl());
    store.holdLookups();
    Future<CallbackOutcome> late = journeys.completeCallback("yapily", journey(token));
    Runnable releaseLate = store.detachLookups();
    // Meanwhile a status refresh learns that the user declined at the bank ...
    clock.advance(REFRESH_INTERVAL);
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.REJECTED, null, null));
    value(journeys.get(acme, created.id()));
    // ... and the copy read before that arrives after the link's lifetime.
    clock.advance(TOKEN_LIFETIME);
    releaseLate.run();

    assertThat(refusal(late).reason()).isEqualTo(Reason.JOURNEY_EXPIRED);
    ConsentRecord after = value(store.get(created.id())).orElseThrow();
    assertThat(after.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(after.errorCode()).isNull();
    assertThat(yapily.callbacks).isEmpty();
  }

  // ---- helpers

  /** The browser binding a journey's entry URL sets, for callbacks of a bound provider. */
  private String bindingOf(ConsentRecord record) {
    return value(journeys.enterJourney(record.id(), hopToken(record))).cookieValue();
  }

  private String hopToken(ConsentRecord record) {
    return binding.hopToken(record.id(), record.journeyTokenHash());
  }

  private ConsentRecord create() {
    return value(journeys.create(acme, request("yapily:thistle").build())).record();
  }

  private static CallbackResult authorized(String consentToken, Instant authorizedAt) {
    return new CallbackResult(ConsentStatus.AUTHORIZED, null, consentToken, null, null, null, authorizedAt, null,
        Map.of());
  }

  private static CallbackParams journey(String token) {
    return new CallbackParams(Map.of("journey", token));
  }

  private static String journeyToken(String callbackUrl) {
    return callbackUrl.substring(callbackUrl.indexOf("journey=") + "journey=".length());
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.isComplete()).as("completes without waiting").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed", future.cause());
    }
    return future.result();
  }

  private static JourneyFailure refusal(Future<?> future) {
    assertThat(future.failed()).as("refused").isTrue();
    assertThat(future.cause()).isInstanceOf(JourneyFailure.class);
    return (JourneyFailure) future.cause();
  }

  private static JourneyFailure assertRefused(Future<?> future, Reason reason) {
    JourneyFailure failure = refusal(future);
    assertThat(failure.reason()).isEqualTo(reason);
    return failure;
  }

  private static RequestBuilder request(String institutionId) {
    return new RequestBuilder(institutionId);
  }

  private static final class RequestBuilder {
    private final String institutionId;
    private List<String> permissions = List.of("accounts", "balances");
    private String redirectUrl = RETURN;
    private Instant expiresAt;
    private LocalDate transactionsFrom;

    RequestBuilder(String institutionId) {
      this.institutionId = institutionId;
    }

    RequestBuilder permissions(String... names) {
      permissions = List.of(names);
      return this;
    }

    RequestBuilder redirectUrl(String url) {
      redirectUrl = url;
      return this;
    }

    RequestBuilder expiresAt(Instant at) {
      expiresAt = at;
      return this;
    }

    RequestBuilder transactionsFrom(LocalDate from) {
      transactionsFrom = from;
      return this;
    }

    NewConsent build() {
      return new NewConsent(institutionId, "user-1", permissions, redirectUrl, "st-1", expiresAt, transactionsFrom);
    }
  }

  /** The in-memory store, whose lookups by journey token can be held back to interleave two callbacks. */
  private static final class GatedStore implements ConsentStore {
    private final ConsentStore delegate;
    private List<Runnable> held;

    GatedStore(ConsentStore delegate) {
      this.delegate = delegate;
    }

    void holdLookups() {
      held = new ArrayList<>();
    }

    /** Stops holding lookups; the ones held so far complete when the returned task runs. */
    Runnable detachLookups() {
      List<Runnable> release = held;
      held = null;
      return () -> release.forEach(Runnable::run);
    }

    void releaseLookups() {
      List<Runnable> release = held;
      held = null;
      release.forEach(Runnable::run);
    }

    @Override
    public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
      Future<Optional<ConsentRecord>> found = delegate.findByJourneyTokenHash(tokenHash);
      if (held == null) {
        return found;
      }
      Promise<Optional<ConsentRecord>> later = Promise.promise();
      held.add(() -> found.onComplete(later));
      return later.future();
    }

    @Override
    public Future<Void> insert(ConsentRecord record) {
      return delegate.insert(record);
    }

    @Override
    public Future<Optional<ConsentRecord>> get(String consentId) {
      return delegate.get(consentId);
    }

    @Override
    public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
      return delegate.update(consentId, change);
    }

    @Override
    public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
      return delegate.findByProviderConsentId(provider, providerConsentId);
    }

    @Override
    public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
      return delegate.listByUser(tenantId, userReference);
    }

    @Override
    public Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max) {
      return delegate.leaseDue(now, leaseUntil, max);
    }
  }
}
