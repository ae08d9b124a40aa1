package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.journey.ConsentTracker.Outcome;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.JourneyOnlyProvider;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.TestDatabase;
import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.consentgw.gateway.journey.LifecycleFixtures.AUTHORIZED;
import static dev.consentgw.gateway.journey.LifecycleFixtures.LEASE;
import static dev.consentgw.gateway.journey.LifecycleFixtures.options;
import static dev.consentgw.gateway.journey.LifecycleFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two trackers, each with its own connection pool) on one embedded PostgreSQL database:
 * every due consent is refreshed by exactly one node, never by both at once, and a node that dies
 * holding leases only delays its consents until the leases run out.
 */
class ConsentTrackerNodesTest {

  private static final String DATABASE = "tracker_nodes";
  private static final int CONSENTS = 60;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00.123456Z"));
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final List<String> overlaps = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Stores nodeA;
  private Stores nodeB;

  @BeforeEach
  void openTwoNodes() throws Exception {
    vertx = Vertx.vertx();
    StoreOptions options = new StoreOptions(
        new StoreOptions.Postgres(TestDatabase.url(DATABASE), 4, Duration.ofSeconds(3), Duration.ofSeconds(2)),
        new StoreOptions.Memory(1000, 1000, Duration.ofHours(24)), Duration.ofSeconds(60), Duration.ofSeconds(2));
    nodeA = PostgresStores.open(vertx, options, clock, Duration.ofHours(24)).await(20, TimeUnit.SECONDS);
    nodeB = PostgresStores.open(vertx, options, clock, Duration.ofHours(24)).await(20, TimeUnit.SECONDS);
    TestDatabase.truncate(DATABASE);
  }

  @AfterEach
  void close() throws Exception {
    nodeA.close().await(10, TimeUnit.SECONDS);
    nodeB.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A provider whose reads take a few milliseconds, long enough for the two nodes' reads to overlap. */
  private final class SlowProvider extends JourneyOnlyProvider {
    final List<String> reads = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "yapily";
    }

    @Override
    public Future<List<Institution>> listInstitutions() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<ConsentStart> startConsent(ConsentRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params,
        String nextCallbackUrl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> revokeConsent(ProviderConsentRef consent) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ConsentState> readConsent(ProviderConsentRef consent) {
      String id = consent.providerConsentId();
      if (inFlight.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
        overlaps.add(id);
      }
      reads.add(id);
      Promise<ConsentState> answer = Promise.promise();
      vertx.setTimer(5, t -> {
        inFlight.get(id).decrementAndGet();
        answer.complete(new ConsentState(ConsentStatus.AUTHORIZED, null, null));
      });
      return answer.future();
    }
  }

  private ConsentTracker tracker(Stores stores, ProviderAdapter provider) {
    LifecycleOptions options = options();
    return new ConsentTracker(vertx, Map.of("yapily", provider), stores.consents(), new SecretBox(new byte[32]),
        new LifecycleOptions(true, options.tickInterval(), 10, options.lease(), Duration.ZERO,
            options.awaitingInterval(), options.authorizedInterval(), options.deadlineWindow(),
            options.deadlineInterval(), options.retryInterval(), options.abandonedGrace(), options.defaultRate(),
            Map.of()),
        new RefreshSchedule(options, () -> 0.0), id -> true, clock, System::nanoTime);
  }

  @Test
  void eachDueConsentIsRefreshedByOneNodeOnce() throws Exception {
    Instant now = clock.instant();
    for (int i = 0; i < CONSENTS; i++) {
      nodeA.consents().insert(record("cns_" + i, ConsentStatus.AUTHORIZED, now).nextRefreshAt(now.minusMillis(i))
          .build()).await(10, TimeUnit.SECONDS);
    }
    SlowProvider providerA = new SlowProvider();
    SlowProvider providerB = new SlowProvider();
    ConsentTracker trackerA = tracker(nodeA, providerA);
    ConsentTracker trackerB = tracker(nodeB, providerB);

    List<Outcome> outcomes = new ArrayList<>();
    for (int round = 0; round < CONSENTS / 10 && outcomes.size() < CONSENTS; round++) {
      Future<List<Outcome>> a = trackerA.tick();
      Future<List<Outcome>> b = trackerB.tick();
      outcomes.addAll(a.await(20, TimeUnit.SECONDS));
      outcomes.addAll(b.await(20, TimeUnit.SECONDS));
    }

    assertThat(outcomes).hasSize(CONSENTS).containsOnly(Outcome.REFRESHED);
    List<String> all = new ArrayList<>(providerA.reads);
    all.addAll(providerB.reads);
    assertThat(all).hasSize(CONSENTS).doesNotHaveDuplicates();
    assertThat(providerA.reads).isNotEmpty();
    assertThat(providerB.reads).isNotEmpty();
    assertThat(overlaps).isEmpty();
    for (int i = 0; i < CONSENTS; i++) {
      ConsentRecord stored = nodeB.consents().get("cns_" + i).await(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(stored.nextRefreshAt()).isEqualTo(now.plus(AUTHORIZED));
    }
    // Nothing is due any more, on either node, even once every lease has run out.
    clock.advance(LEASE);
    assertThat(trackerA.tick().await(20, TimeUnit.SECONDS)).isEmpty();
    assertThat(trackerB.tick().await(20, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aNodeThatDiesHoldingLeasesDelaysItsConsentsOnlyUntilTheLeasesEnd() throws Exception {
    Instant now = clock.instant();
    for (int i = 0; i < 5; i++) {
      nodeA.consents().insert(record("cns_" + i, ConsentStatus.AUTHORIZED, now).build()).await(10, TimeUnit.SECONDS);
    }
    FakeProvider hanging = new FakeProvider("yapily", null, List.of());
    hanging.read = () -> Promise.<ConsentState>promise().future();
    tracker(nodeA, hanging).tick();
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> hanging.reads.size() == 5);
    SlowProvider survivor = new SlowProvider();
    ConsentTracker trackerB = tracker(nodeB, survivor);

    assertThat(trackerB.tick().await(20, TimeUnit.SECONDS)).isEmpty();
    clock.advance(LEASE.minusMillis(1));
    assertThat(trackerB.tick().await(20, TimeUnit.SECONDS)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(trackerB.tick().await(20, TimeUnit.SECONDS)).hasSize(5).containsOnly(Outcome.REFRESHED);
    assertThat(survivor.reads).hasSize(5);
  }
}
