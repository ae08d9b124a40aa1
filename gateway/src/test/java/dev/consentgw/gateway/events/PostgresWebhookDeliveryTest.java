package dev.consentgw.gateway.events;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.TestDatabase;
import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook delivery on the shared PostgreSQL outbox, with each "node" its own pool, dispatcher and
 * event-loop context: deliveries pending when a node stops are delivered by the next one, a lease
 * held by a node that died is taken over once it expires (same webhook-id), and two nodes never
 * send the same delivery at the same time.
 */
class PostgresWebhookDeliveryTest {

  private static final String DATABASE = "webhook_delivery";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> concurrent = new ConcurrentHashMap<>();
  private final AtomicInteger maxConcurrentSameId = new AtomicInteger();
  private Vertx vertx;
  private HttpServer receiver;
  private WebClient client;
  private String url;
  private final List<Stores> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      String id = request.getHeader("webhook-id");
      int now = concurrent.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      maxConcurrentSameId.accumulateAndGet(now, Math::max);
      // A receiver that takes a moment, so attempts from two nodes would overlap if both had one.
      vertx.setTimer(20, t -> {
        concurrent.get(id).decrementAndGet();
        received.add(id);
        request.response().setStatusCode(204).end();
      });
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    url = "http://localhost:" + receiver.actualPort() + "/hook";
    client = WebClient.create(vertx);
    TestDatabase.url(DATABASE);
    open().close().await(20, TimeUnit.SECONDS);
    opened.clear();
    TestDatabase.truncate(DATABASE);
  }

  @AfterEach
  void stop() throws Exception {
    for (Stores s : opened) {
      s.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Stores open() throws Exception {
    Outbox outbox = new Outbox(clock, (id, type, at, consent) -> "{\"id\":\"" + id + "\"}",
        (tenant, type) -> Set.of("ep"));
    StoreOptions options = new StoreOptions(new StoreOptions.Postgres(TestDatabase.url(DATABASE), 4,
        Duration.ofSeconds(5), Duration.ofSeconds(5)), new StoreOptions.Memory(10, 10, Duration.ofHours(1)),
        Duration.ofSeconds(60), Duration.ofSeconds(1));
    Stores stores = PostgresStores.open(vertx, options, clock, Duration.ofHours(24), outbox)
        .await(20, TimeUnit.SECONDS);
    opened.add(stores);
    return stores;
  }

  /** One node's dispatcher, on a context of its own. */
  private final class Node {
    final Context context = vertx.getOrCreateContext();
    final Stores stores;
    final WebhookDispatcher dispatcher;

    Node(Stores stores) {
      this.stores = stores;
      EventsOptions.Delivery options = new EventsOptions.Delivery(List.of(Duration.ofSeconds(5)), 0,
          Duration.ofMillis(100), 64, LEASE, Duration.ofSeconds(5), 64, 5, Duration.ofSeconds(30), false, 8);
      this.dispatcher = on(() -> Future.succeededFuture(new WebhookDispatcher(vertx, stores.events(),
          List.of(new WebhookEndpoint("ep", "acme", url, SECRET, List.of())),
          new WebhookSender(client, new DestinationGuard(vertx, DestinationGuard.Allow.LOOPBACK), clock),
          new RetrySchedule(options.schedule(), 0, () -> 0.5), options, clock, GatewayMetrics.NONE)));
    }

    <T> T on(Supplier<Future<T>> action) {
      Promise<T> promise = Promise.promise();
      context.runOnContext(v -> action.get().onComplete(promise));
      try {
        return promise.future().await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    Future<Integer> poll() {
      Promise<Integer> promise = Promise.promise();
      context.runOnContext(v -> dispatcher.poll().onComplete(promise));
      return promise.future();
    }
  }

  private List<String> authorise(Stores stores, int count) throws Exception {
    Instant now = clock.instant();
    for (int i = 0; i < count; i++) {
      String id = "cns_" + i;
      ConsentRecord record = ConsentRecord.builder().id(id).tenantId("acme").provider("yapily").institutionId("yapily:x")
          .providerInstitutionId("x").userReference("u").permissions(Set.of()).providerState(Map.of())
          .status(ConsentStatus.AWAITING_AUTHORIZATION).createdAt(now).updatedAt(now).build();
      stores.consents().insert(record).await(20, TimeUnit.SECONDS);
      stores.consents().update(id, r -> r.withStatus(ConsentStatus.AUTHORIZED, now, now, null))
          .await(20, TimeUnit.SECONDS);
    }
    return stores.events().feed("acme", 0, Set.of(), 200).await(20, TimeUnit.SECONDS).stream()
        .map(e -> e.id()).toList();
  }

  @Test
  void deliveriesPendingWhenANodeStopsAreDeliveredByTheNextOne() throws Exception {
    Stores before = open();
    List<String> events = authorise(before, 5);
    before.close().await(10, TimeUnit.SECONDS);
    opened.remove(before);

    Node after = new Node(open());
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      after.poll().await(20, TimeUnit.SECONDS);
      return received.size() >= events.size();
    });

    assertThat(received).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void aLeaseHeldByANodeThatDiedIsTakenOverWhenItExpiresWithTheSameId() throws Exception {
    Stores dead = open();
    List<String> events = authorise(dead, 1);
    // The node leased the delivery, then died before sending it or recording anything.
    assertThat(dead.events().lease(clock.instant(), LEASE, "ep", 10).await(20, TimeUnit.SECONDS)).hasSize(1);

    Node survivor = new Node(open());
    assertThat(survivor.poll().await(20, TimeUnit.SECONDS)).as("still leased").isZero();
    clock.advance(LEASE);
    assertThat(survivor.poll().await(20, TimeUnit.SECONDS)).isEqualTo(1);

    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
    assertThat(received).containsExactly(events.get(0));
    await().atMost(Duration.ofSeconds(20)).until(() -> survivor.stores.events().deliveries(events.get(0))
        .await(20, TimeUnit.SECONDS).get(0).status() == Delivery.Status.DELIVERED);
  }

  @Test
  void twoNodesNeverSendTheSameDeliveryAtTheSameTime() throws Exception {
    Node first = new Node(open());
    Node second = new Node(open());
    List<String> events = authorise(first.stores, 30);

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Future.all(first.poll(), second.poll()).await(20, TimeUnit.SECONDS);
      return received.size() >= events.size();
    });

    assertThat(received).containsExactlyInAnyOrderElementsOf(events);
    assertThat(maxConcurrentSameId.get()).isEqualTo(1);
  }
}
