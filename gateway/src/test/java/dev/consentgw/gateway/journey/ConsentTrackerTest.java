package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.journey.ConsentTracker.Outcome;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.RateLimitOptions;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.consentgw.gateway.journey.LifecycleFixtures.AUTHORIZED;
import static dev.consentgw.gateway.journey.LifecycleFixtures.GRACE;
import static dev.consentgw.gateway.journey.LifecycleFixtures.LEASE;
import static dev.consentgw.gateway.journey.LifecycleFixtures.RETRY;
import static dev.consentgw.gateway.journey.LifecycleFixtures.options;
import static dev.consentgw.gateway.journey.LifecycleFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker on the in-memory store with a fake provider and a hand-moved clock: every look is one
 * synchronous {@link ConsentTracker#tick()}, asserted on the stored consent and the provider reads.
 */
class ConsentTrackerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final FakeProvider yapily = new FakeProvider("yapily", null, List.of());
  private final ConsentStore store = new InMemoryConsentStore(clock,
      new StoreOptions.Memory(1000, 1000, Duration.ofDays(1)));
  private final AtomicBoolean breakerClosed = new AtomicBoolean(true);
  private final AtomicLong nanos = new AtomicLong();

  private ConsentTracker tracker(LifecycleOptions options) {
    return new ConsentTracker(null, Map.of("yapily", yapily), store, new SecretBox(new byte[32]), options,
        new RefreshSchedule(options, () -> 0.0), provider -> breakerClosed.get(), clock, nanos::get);
  }

  private final ConsentTracker tracker = tracker(options());

  private Instant now() {
    return clock.instant();
  }

  private ConsentRecord stored(String id) {
    return await(store.get(id)).orElseThrow();
  }

  private void insert(ConsentRecord record) {
    await(store.insert(record));
  }

  @Test
  void aDueConsentIsReadOnceAndTheAnswerWrittenWithTheNextCheck() {
    insert(record("c1", ConsentStatus.AWAITING_AUTHORIZATION, now()).authorisationUrl("https://bank/x").build());
    Instant reconfirmBy = now().plus(Duration.ofDays(90));
    Instant confirmed = now().minusSeconds(5);
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, confirmed,
        now().plus(Duration.ofDays(180)), reconfirmBy, confirmed, false, null));
    clock.advance(Duration.ofSeconds(1));

    assertThat(await(tracker.tick())).containsExactly(Outcome.REFRESHED);

    ConsentRecord after = stored("c1");
    assertThat(after.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(after.authorizedAt()).isEqualTo(confirmed);
    assertThat(after.reconfirmBy()).isEqualTo(reconfirmBy);
    assertThat(after.lastConfirmedAt()).isEqualTo(confirmed);
    assertThat(after.statusCheckedAt()).isEqualTo(now());
    assertThat(after.authorisationUrl()).isNull();
    assertThat(after.nextRefreshAt()).isEqualTo(now().plus(AUTHORIZED));
    assertThat(yapily.reads).hasSize(1);
    assertThat(yapily.reads.get(0).providerConsentId()).isEqualTo("pc-c1");
    // Rescheduled a day out: the next look finds nothing to do.
    assertThat(await(tracker.tick())).isEmpty();
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void aConsentNotYetDueIsNotRead() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).nextRefreshAt(now().plusMillis(1)).build());
    insert(record("c2", ConsentStatus.AUTHORIZED, now()).nextRefreshAt(null).build());

    assertThat(await(tracker.tick())).isEmpty();
    assertThat(yapily.reads).isEmpty();
  }

  @Test
  void aFinalConsentIsClosedWithoutAskingTheProvider() {
    insert(record("c1", ConsentStatus.REJECTED, now()).build());

    assertThat(await(tracker.tick())).containsExactly(Outcome.CLOSED);

    assertThat(stored("c1").nextRefreshAt()).isNull();
    assertThat(stored("c1").status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(yapily.reads).isEmpty();
  }

  @Test
  void anAbandonedJourneyEndsExpiredAfterOneLastCheck() {
    insert(record("c1", ConsentStatus.AWAITING_AUTHORIZATION, now()).authorisationUrl("https://bank/x").build());
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AWAITING_AUTHORIZATION, null, null));
    clock.advance(Duration.ofMinutes(15).plus(GRACE));

    assertThat(await(tracker.tick())).containsExactly(Outcome.ABANDONED);

    ConsentRecord after = stored("c1");
    assertThat(after.status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(after.errorCode()).isEqualTo("journey_abandoned");
    assertThat(after.errorDescription()).isEqualTo("The user did not finish the journey before its link expired.");
    assertThat(after.journeyUsed()).isTrue();
    assertThat(after.authorisationUrl()).isNull();
    assertThat(after.nextRefreshAt()).isNull();
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void aJourneyJustInsideTheGracePeriodIsNotAbandoned() {
    insert(record("c1", ConsentStatus.AWAITING_AUTHORIZATION, now()).build());
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AWAITING_AUTHORIZATION, null, null));
    clock.advance(Duration.ofMinutes(15).plus(GRACE).minusMillis(1));

    assertThat(await(tracker.tick())).containsExactly(Outcome.REFRESHED);

    assertThat(stored("c1").status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(stored("c1").nextRefreshAt()).isEqualTo(now().plusMillis(1));
  }

  @Test
  void theLastCheckFindingTheConsentAuthorisedKeepsIt() {
    insert(record("c1", ConsentStatus.AWAITING_AUTHORIZATION, now()).build());
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    clock.advance(Duration.ofHours(3));

    assertThat(await(tracker.tick())).containsExactly(Outcome.REFRESHED);

    assertThat(stored("c1").status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(stored("c1").errorCode()).isNull();
  }

  @Test
  void aProviderFailureKeepsTheStatusAndRetriesLater() {
    insert(record("c1", ConsentStatus.AWAITING_AUTHORIZATION, now()).build());
    yapily.read = () -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE,
        "yapily", null, 503, "Yapily failed getConsentById (503).")));
    clock.advance(Duration.ofHours(3));

    assertThat(await(tracker.tick())).containsExactly(Outcome.FAILED);

    ConsentRecord after = stored("c1");
    assertThat(after.status()).isEqualTo(ConsentStatus.AWAITING_AUTHORIZATION);
    assertThat(after.nextRefreshAt()).isEqualTo(now().plus(RETRY));
    assertThat(after.statusCheckedAt()).isEqualTo(now().minus(Duration.ofHours(3)));
  }

  @Test
  void anUnconfirmedAnswerKeepsTheLastStatusMarkedStale() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());
    yapily.read = () -> Future.succeededFuture(ConsentState.unconfirmed());
    clock.advance(Duration.ofMinutes(1));

    assertThat(await(tracker.tick())).containsExactly(Outcome.REFRESHED);

    ConsentRecord after = stored("c1");
    assertThat(after.status()).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(after.statusStale()).isTrue();
    assertThat(after.statusCheckedAt()).isEqualTo(now().minus(Duration.ofMinutes(1)));
    assertThat(after.nextRefreshAt()).isEqualTo(now().plus(RETRY));
  }

  @Test
  void anOpenBreakerSkipsTheReadUntilTheLeaseRunsOut() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    breakerClosed.set(false);

    assertThat(await(tracker.tick())).containsExactly(Outcome.SKIPPED);
    assertThat(yapily.reads).isEmpty();
    breakerClosed.set(true);
    clock.advance(LEASE.minusMillis(1));
    assertThat(await(tracker.tick())).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(await(tracker.tick())).containsExactly(Outcome.REFRESHED);
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void readsStayWithinTheProvidersTokenBucket() {
    ConsentTracker limited = tracker(options(new RateLimitOptions(1, 2)));
    for (int i = 0; i < 3; i++) {
      insert(record("c" + i, ConsentStatus.AUTHORIZED, now()).nextRefreshAt(now().minusSeconds(3 - i)).build());
    }
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    assertThat(await(limited.tick())).containsExactly(Outcome.REFRESHED, Outcome.REFRESHED, Outcome.SKIPPED);
    assertThat(yapily.reads).extracting(r -> r.providerConsentId()).containsExactly("pc-c0", "pc-c1");

    clock.advance(LEASE);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(await(limited.tick())).containsExactly(Outcome.REFRESHED);
    assertThat(yapily.reads).hasSize(3);
  }

  @Test
  void aConsentOfAProviderNoLongerConfiguredIsPostponed() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).provider("gone").build());

    assertThat(await(tracker.tick())).containsExactly(Outcome.SKIPPED);

    assertThat(stored("c1").nextRefreshAt()).isEqualTo(now().plus(RETRY));
  }

  @Test
  void aConsentThatEndedDuringTheReadIsClosedNotOverwritten() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());
    yapily.read = () -> store.update("c1", r -> r.withStatus(ConsentStatus.REVOKED, now(), null, null))
        .map(r -> new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    assertThat(await(tracker.tick())).containsExactly(Outcome.CLOSED);

    assertThat(stored("c1").status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(stored("c1").nextRefreshAt()).isNull();
  }

  @Test
  void aProviderFailureOnAConsentThatEndedMeanwhileLeavesItUnscheduled() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());
    yapily.read = () -> store.update("c1", r -> r.withStatus(ConsentStatus.REVOKED, now(), null, null)
            .withNextRefreshAt(null))
        .compose(r -> Future.failedFuture(new ProviderFailure(new ProviderError(ProviderError.Kind.TIMEOUT,
            "yapily", null, 0, "Yapily did not answer getConsentById in time."))));

    assertThat(await(tracker.tick())).containsExactly(Outcome.FAILED);

    assertThat(stored("c1").status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(stored("c1").nextRefreshAt()).isNull();
  }

  @Test
  void aStoreThatFailsTheWriteCountsAsFailedAndNeverFailsTheLook() {
    insert(record("final", ConsentStatus.EXPIRED, now()).build());
    insert(record("read", ConsentStatus.AUTHORIZED, now()).build());
    insert(record("gone", ConsentStatus.AUTHORIZED, now()).provider("gone").build());
    yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
    ConsentStore failingWrites = new ConsentStore() {
      @Override
      public Future<Void> insert(ConsentRecord record) {
        return store.insert(record);
      }

      @Override
      public Future<java.util.Optional<ConsentRecord>> get(String consentId) {
        return store.get(consentId);
      }

      @Override
      public Future<java.util.Optional<ConsentRecord>> update(String consentId,
          java.util.function.UnaryOperator<ConsentRecord> change) {
        return Future.failedFuture(new IllegalStateException("database down"));
      }

      @Override
      public Future<java.util.Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
        return store.findByJourneyTokenHash(tokenHash);
      }

      @Override
      public Future<java.util.Optional<ConsentRecord>> findByProviderConsentId(String provider, String id) {
        return store.findByProviderConsentId(provider, id);
      }

      @Override
      public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
        return store.listByUser(tenantId, userReference);
      }

      @Override
      public Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max) {
        return store.leaseDue(now, leaseUntil, max);
      }
    };
    ConsentTracker tracker = new ConsentTracker(null, Map.of("yapily", yapily), failingWrites,
        new SecretBox(new byte[32]), options(), new RefreshSchedule(options(), () -> 0.0), p -> true, clock,
        nanos::get);

    assertThat(await(tracker.tick())).containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.FAILED);
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void aLookStillRunningIsNotDoubled() {
    insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());
    Promise<ConsentState> pending = Promise.promise();
    yapily.read = pending::future;

    Future<List<Outcome>> first = tracker.tick();
    assertThat(await(tracker.tick())).isEmpty();
    Future<Void> stopped = tracker.stop();
    assertThat(stopped.isComplete()).isFalse();
    pending.complete(new ConsentState(ConsentStatus.AUTHORIZED, null, null));

    assertThat(await(first)).containsExactly(Outcome.REFRESHED);
    assertThat(stopped.isComplete()).isTrue();
    assertThat(yapily.reads).hasSize(1);
  }

  @Test
  void startRunsLooksOnATimerUntilStopped() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LifecycleOptions fast = new LifecycleOptions(true, Duration.ofMillis(10), 50, LEASE, Duration.ZERO,
          Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofDays(7), Duration.ofHours(6), RETRY, GRACE,
          new RateLimitOptions(100, 100), Map.of());
      ConsentTracker timed = new ConsentTracker(vertx, Map.of("yapily", yapily), store, new SecretBox(new byte[32]),
          fast, new RefreshSchedule(fast, () -> 0.0), provider -> true, clock, nanos::get);
      yapily.read = () -> Future.succeededFuture(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
      insert(record("c1", ConsentStatus.AUTHORIZED, now()).build());

      timed.start();
      timed.start();
      org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> stored("c1").nextRefreshAt().isAfter(now()));
      timed.stop().await(5, TimeUnit.SECONDS);
      insert(record("c2", ConsentStatus.AUTHORIZED, now()).build());

      assertThat(yapily.reads).hasSize(1);
      assertThat(stored("c2").nextRefreshAt()).isEqualTo(now());
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDisabledTrackerStartsNoTimer() throws Exception {
    LifecycleOptions off = new LifecycleOptions(false, Duration.ofMillis(10), 50, LEASE, Duration.ZERO,
        Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofDays(7), Duration.ofHours(6), RETRY, GRACE,
        new RateLimitOptions(100, 100), Map.of());
    // No Vert.x: a timer would fail on the null instance.
    ConsentTracker disabled = new ConsentTracker(null, Map.of("yapily", yapily), store, new SecretBox(new byte[32]),
        off, new RefreshSchedule(off, () -> 0.0), provider -> true, clock, nanos::get);

    disabled.start();

    assertThat(disabled.stop().succeeded()).isTrue();
  }

  private static <T> T await(Future<T> future) {
    assertThat(future.isComplete()).as("completed synchronously").isTrue();
    if (future.failed()) {
      throw new AssertionError(future.cause());
    }
    return future.result();
  }
}
