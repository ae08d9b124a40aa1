package dev.consentgw.gateway.events;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.resilience.ExchangeTimeout;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.EventRecord;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import dev.consentgw.gateway.store.memory.MemoryStores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher against a real HTTP receiver on a dynamic port, the in-memory outbox and a clock
 * moved by hand: signatures, the retry schedule, 410, the SSRF guard and the in-flight bound.
 */
class WebhookDispatcherTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5));
  private static final int MAX_IN_FLIGHT = 2;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private Vertx vertx;
  private HttpServer receiver;
  private WebClient client;
  private Context context;
  /** What the receiver answers, per path; null = never answer. */
  private final Map<String, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();
  private Stores stores;
  private WebhookDispatcher dispatcher;

  record Received(String path, MultiMap headers, String body) {
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.toString()));
      Integer status = answers.getOrDefault(request.path(), 200);
      if (status == -1) {
        hanging.add(request);
      } else {
        request.response().setStatusCode(status).end();
      }
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = ExchangeTimeout.install(WebClient.create(vertx), vertx, Duration.ofSeconds(3));
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private WebhookEndpoint endpoint(String id, String path) {
    return new WebhookEndpoint(id, "acme", "http://localhost:" + receiver.actualPort() + path, SECRET, List.of());
  }

  private void wire(DestinationGuard.Allow allow, WebhookEndpoint... endpoints) {
    List<WebhookEndpoint> list = List.of(endpoints);
    Outbox outbox = new Outbox(clock, (id, type, at, consent) -> "{\"id\":\"" + id + "\",\"type\":\"" + type.wireName()
        + "\",\"consent\":{\"id\":\"" + consent.id() + "\"}}",
        (tenant, type) -> list.stream().filter(e -> e.tenant().equals(tenant)).map(WebhookEndpoint::id)
            .collect(Collectors.toSet()));
    stores = new MemoryStores(clock, new StoreOptions(new StoreOptions.Postgres("", 1, Duration.ofSeconds(1),
        Duration.ofSeconds(1)), new StoreOptions.Memory(100, 100, Duration.ofDays(30), 100), Duration.ofSeconds(60),
        Duration.ofSeconds(1)), Duration.ofHours(24), outbox);
    EventsOptions.Delivery options = new EventsOptions.Delivery(SCHEDULE, 0, Duration.ofMillis(100), 64,
        Duration.ofSeconds(60), Duration.ofSeconds(1), MAX_IN_FLIGHT, 3, Duration.ofSeconds(30), false, 8);
    dispatcher = onContext(() -> Future.succeededFuture(new WebhookDispatcher(vertx, stores.events(), list,
        new WebhookSender(client, new DestinationGuard(vertx, allow), clock), new RetrySchedule(SCHEDULE, 0, () -> 0.5),
        options, clock, GatewayMetrics.NONE)));
  }

  private <T> T onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    try {
      return promise.future().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private int poll() {
    return onContext(dispatcher::poll);
  }

  private EventRecord authorise(String consentId) {
    Instant now = clock.instant();
    ConsentRecord record = ConsentRecord.builder().id(consentId).tenantId("acme").provider("yapily")
        .institutionId("yapily:x").providerInstitutionId("x").userReference("u").permissions(Set.of())
        .providerState(Map.of()).status(ConsentStatus.AWAITING_AUTHORIZATION).createdAt(now).updatedAt(now).build();
    onContext(() -> stores.consents().insert(record));
    onContext(() -> stores.consents().update(consentId, r -> r.withStatus(ConsentStatus.AUTHORIZED, now, now, null)));
    List<EventRecord> events = onContext(() -> stores.events().feed("acme", 0, Set.of(), 200));
    return events.get(events.size() - 1);
  }

  private List<Delivery> deliveries(String eventId) {
    return onContext(() -> stores.events().deliveries(eventId));
  }

  private Delivery settled(String eventId, String endpointId, int attempts) {
    await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(eventId).stream()
        .anyMatch(d -> d.endpointId().equals(endpointId) && d.attempts() == attempts));
    return deliveries(eventId).stream().filter(d -> d.endpointId().equals(endpointId)).findFirst().orElseThrow();
  }

  @Test
  void anEventIsPostedSignedPerStandardWebhooksWithTheFeedsBody() throws Exception {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("ep", "/hook"));
    EventRecord event = authorise("cns_1");

    assertThat(poll()).isEqualTo(1);

    Delivery delivery = settled(event.id(), "ep", 1);
    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.body()).isEqualTo(event.json());
    assertThat(r.headers().get("webhook-id")).isEqualTo(event.id());
    assertThat(r.headers().get("webhook-timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.headers().get("content-type")).isEqualTo("application/json");
    assertThat(r.headers().get("webhook-signature")).isEqualTo(WebhookSignatureTest.independentSignature(SECRET,
        event.id(), clock.instant().getEpochSecond(), r.body()));
  }

  @Test
  void aReceiverThatIsDownIsRetriedOnScheduleWithTheSameIdUntilItRecovers() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("ep", "/hook"));
    answers.put("/hook", 503);
    EventRecord event = authorise("cns_1");
    Instant t0 = clock.instant();

    poll();
    assertThat(settled(event.id(), "ep", 1)).isEqualTo(
        new Delivery(event.id(), "ep", Delivery.Status.PENDING, 1, "HTTP 503", t0, t0.plusSeconds(5), null));
    assertThat(poll()).as("not due before its pause").isZero();

    clock.advance(Duration.ofSeconds(5));
    assertThat(poll()).isEqualTo(1);
    Instant t1 = clock.instant();
    assertThat(settled(event.id(), "ep", 2).nextAttemptAt()).isEqualTo(t1.plus(Duration.ofMinutes(5)));

    answers.put("/hook", 200);
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(poll()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(poll()).isEqualTo(1);

    assertThat(settled(event.id(), "ep", 3).status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(received).hasSize(3).extracting(r -> r.headers().get("webhook-id")).containsOnly(event.id());
    assertThat(received).extracting(Received::body).containsOnly(event.json());
  }

  @Test
  void aDeliveryFailsForGoodWhenTheScheduleIsUsedUp() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("ep", "/hook"));
    answers.put("/hook", 500);
    EventRecord event = authorise("cns_1");

    poll();
    settled(event.id(), "ep", 1);
    clock.advance(Duration.ofSeconds(5));
    poll();
    settled(event.id(), "ep", 2);
    clock.advance(Duration.ofMinutes(5));
    poll();

    Delivery last = settled(event.id(), "ep", 3);
    assertThat(last.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(last.nextAttemptAt()).isNull();
    clock.advance(Duration.ofDays(2));
    assertThat(poll()).isZero();
    assertThat(received).hasSize(3);
  }

  @Test
  void anEndpointsOpenBreakerHoldsItsDeliveriesWithoutAttemptsWhileOthersGoOn() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("dead", "/dead"), endpoint("fine", "/fine"));
    answers.put("/dead", 500);
    List<EventRecord> events = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(authorise("cns_" + i));
    }

    // Three failed attempts (the configured breakerFailures; a fourth may already be in flight) open
    // the dead endpoint's breaker.
    Supplier<Integer> deadAttempts = () -> events.stream().flatMap(e -> deliveries(e.id()).stream())
        .filter(d -> d.endpointId().equals("dead")).mapToInt(Delivery::attempts).sum();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      poll();
      return received.stream().filter(r -> r.path().equals("/fine")).count() == 4 && deadAttempts.get() >= 3
          && onContext(() -> Future.succeededFuture(dispatcher.inFlight("dead"))) == 0;
    });
    int attempted = deadAttempts.get();
    clock.advance(Duration.ofMinutes(10));

    assertThat(poll()).as("the open breaker leases nothing, though its deliveries are due").isZero();
    assertThat(deadAttempts.get()).isEqualTo(attempted);
    assertThat(received.stream().filter(r -> r.path().equals("/dead")).count()).isEqualTo(attempted);
  }

  @Test
  void goneDisablesTheEndpoint() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("ep", "/hook"));
    answers.put("/hook", 410);
    EventRecord first = authorise("cns_1");

    poll();

    assertThat(settled(first.id(), "ep", 1).status()).isEqualTo(Delivery.Status.ENDPOINT_DISABLED);
    EventRecord second = authorise("cns_2");
    assertThat(deliveries(second.id())).extracting(Delivery::status).containsExactly(Delivery.Status.ENDPOINT_DISABLED);
    assertThat(poll()).isZero();
    assertThat(received).hasSize(1);
  }

  @Test
  void privateDestinationsAreRefusedWithoutAnyRequest() {
    wire(DestinationGuard.Allow.PUBLIC_ONLY, endpoint("ep", "/hook"));
    EventRecord event = authorise("cns_1");

    poll();

    Delivery delivery = settled(event.id(), "ep", 1);
    assertThat(delivery.status()).isEqualTo(Delivery.Status.PENDING);
    assertThat(delivery.lastError()).contains("non-public address").contains("refused");
    assertThat(received).isEmpty();
  }

  @Test
  void aSlowReceiverHoldsAtMostItsInFlightBoundAndDoesNotDelayOthers() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("slow", "/slow"), endpoint("fast", "/fast"));
    answers.put("/slow", -1);
    List<EventRecord> events = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(authorise("cns_" + i));
    }

    // Each poll leases up to the bound per endpoint: the fast receiver's deliveries go on meanwhile.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      poll();
      return received.stream().filter(r -> r.path().equals("/fast")).count() == 5;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> hanging.size() == MAX_IN_FLIGHT);
    assertThat(onContext(() -> Future.succeededFuture(dispatcher.inFlight("slow")))).isEqualTo(MAX_IN_FLIGHT);
    assertThat(poll()).as("nothing more is leased for the slow endpoint").isZero();
    assertThat(received.stream().filter(r -> r.path().equals("/slow")).count()).isEqualTo(MAX_IN_FLIGHT);

    // The exchange timeout ends the hanging attempts (failed, retried later); the next ones take their
    // places, never more than the bound.
    await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().flatMap(e -> deliveries(e.id()).stream())
        .filter(d -> d.endpointId().equals("slow") && d.attempts() == 1).count() >= MAX_IN_FLIGHT);
    assertThat(onContext(() -> Future.succeededFuture(dispatcher.inFlight("slow")))).isLessThanOrEqualTo(MAX_IN_FLIGHT);
  }

  @Test
  void twoDispatchersOnOneOutboxNeverSendTheSameDeliveryTwice() {
    wire(DestinationGuard.Allow.LOOPBACK, endpoint("ep", "/hook"));
    WebhookDispatcher first = dispatcher;
    EventsOptions.Delivery options = new EventsOptions.Delivery(SCHEDULE, 0, Duration.ofMillis(100), 64,
        Duration.ofSeconds(60), Duration.ofSeconds(1), 50, 3, Duration.ofSeconds(30), false, 8);
    WebhookDispatcher second = onContext(() -> Future.succeededFuture(new WebhookDispatcher(vertx, stores.events(),
        List.of(endpoint("ep", "/hook")), new WebhookSender(client, new DestinationGuard(vertx,
        DestinationGuard.Allow.LOOPBACK), clock), new RetrySchedule(SCHEDULE, 0, () -> 0.5), options, clock,
        GatewayMetrics.NONE)));
    int count = 20;
    for (int i = 0; i < count; i++) {
      authorise("cns_" + i);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> {
      onContext(() -> Future.all(first.poll(), second.poll()));
      return received.size() >= count;
    });

    assertThat(received).hasSize(count);
    assertThat(received).extracting(r -> r.headers().get("webhook-id")).doesNotHaveDuplicates();
  }
}
