package dev.consentgw.gateway.events;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.EventStore;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works off due webhook deliveries on this node: every poll it leases, per configured endpoint, what
 * is due (the store makes sure no other node holds the same delivery), sends each through its
 * endpoint's breaker and records the outcome. Only as many are leased as the endpoint has room for
 * ({@code maxInFlightPerEndpoint} attempts at once, none while its breaker is open), so a slow or dead
 * receiver holds neither the event loop nor memory beyond that bound, and never delays the others.
 * Deliveries to an endpoint removed from the configuration stay pending until the retention
 * removes them.
 */
public final class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final Vertx vertx;
  private final EventStore events;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final EventsOptions.Delivery options;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final Map<String, Integer> inFlight = new HashMap<>();
  /** Endpoints with a lease query running (one at a time each). */
  private final Set<String> leasing = new HashSet<>();
  /** Endpoints whose last lease filled their room: more is probably due. */
  private final Set<String> backlogged = new HashSet<>();
  private long timer = -1;

  private record Target(WebhookEndpoint endpoint, WebhookSignature signature, CircuitBreaker breaker) {
  }

  /** Call on the event loop that will own it; every method must then run on that loop. */
  public WebhookDispatcher(Vertx vertx, EventStore events, List<WebhookEndpoint> endpoints, WebhookSender sender,
      RetrySchedule schedule, EventsOptions.Delivery options, Clock clock, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.events = events;
    this.sender = sender;
    this.schedule = schedule;
    this.options = options;
    this.clock = clock;
    this.metrics = metrics;
    for (WebhookEndpoint endpoint : endpoints) {
      CircuitBreaker breaker = CircuitBreaker.create("webhook:" + endpoint.id(), vertx, new CircuitBreakerOptions()
          .setMaxFailures(options.breakerFailures())
          .setResetTimeout(options.breakerOpenFor().toMillis())
          // The sender's own whole-exchange timeout bounds each attempt (a breaker timeout would not cancel it).
          .setTimeout(-1));
      targets.put(endpoint.id(), new Target(endpoint, WebhookSignature.of(endpoint.secret()), breaker));
    }
  }

  /** Starts polling every {@code pollInterval}. */
  public void start() {
    if (!targets.isEmpty()) {
      timer = vertx.setPeriodic(options.pollInterval().toMillis(), id -> poll());
    }
  }

  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** One look for due deliveries; completes with how many were leased, their attempts started. */
  public Future<Integer> poll() {
    List<Future<Integer>> leases = new ArrayList<>();
    targets.values().forEach(target -> leases.add(lease(target)));
    return Future.join(leases)
        .transform(all -> Future.succeededFuture(leases.stream().filter(Future::succeeded).mapToInt(Future::result)
            .sum()));
  }

  /**
   * Leases what the endpoint has room for. When that filled the room, more is probably due: the
   * endpoint is marked backlogged and leases again as each attempt ends, without waiting for the
   * next poll, so a busy endpoint runs at its in-flight bound rather than at one batch per poll.
   */
  private Future<Integer> lease(Target target) {
    String id = target.endpoint().id();
    int room = room(id, target.breaker().state());
    if (room <= 0 || !leasing.add(id)) {
      return Future.succeededFuture(0);
    }
    int limit = Math.min(room, options.batchSize());
    return events.lease(clock.instant(), options.lease(), id, limit)
        .map(due -> {
          if (due.size() == limit) {
            backlogged.add(id);
          } else {
            backlogged.remove(id);
          }
          due.forEach(d -> attempt(target, d));
          return due.size();
        })
        .onFailure(e -> LOG.warn("due webhook deliveries not read: {}", e.getMessage()))
        .eventually(() -> {
          leasing.remove(id);
          return Future.succeededFuture();
        });
  }

  /** Attempts this endpoint may start now: none while its breaker is open, one probe while half-open. */
  private int room(String endpointId, CircuitBreakerState state) {
    int running = inFlight.getOrDefault(endpointId, 0);
    return switch (state) {
      case OPEN -> 0;
      case HALF_OPEN -> running == 0 ? 1 : 0;
      case CLOSED -> options.maxInFlightPerEndpoint() - running;
    };
  }

  /** Attempts in flight on this node now, per endpoint; for tests of the bound. */
  public int inFlight(String endpointId) {
    return inFlight.getOrDefault(endpointId, 0);
  }

  private void attempt(Target target, Delivery.Due due) {
    inFlight.merge(due.endpointId(), 1, Integer::sum);
    target.breaker().<WebhookSender.Attempt>execute(promise -> sender.send(target.endpoint(), target.signature(),
            due.eventId(), due.json())
        .onSuccess(attempt -> {
          if (attempt.delivered() || attempt.gone()) {
            promise.complete(attempt);
          } else {
            // Counts towards the breaker; the attempt itself is kept for the outcome below.
            promise.fail(new AttemptFailed(attempt));
          }
        })
        .onFailure(promise::fail))
        .onComplete(done -> {
          inFlight.merge(due.endpointId(), -1, Integer::sum);
          Delivery.Outcome outcome;
          if (done.succeeded()) {
            outcome = outcome(due, done.result());
          } else if (done.cause() instanceof AttemptFailed failed) {
            outcome = outcome(due, failed.attempt);
          } else {
            // The breaker refused it (opened meanwhile): not an attempt, due again once it may close.
            outcome = new Delivery.Outcome.Postponed(clock.instant().plus(options.breakerOpenFor()));
          }
          resolve(due, outcome).onComplete(v -> {
            if (backlogged.contains(due.endpointId())) {
              lease(target);
            }
          });
        });
  }

  private Delivery.Outcome outcome(Delivery.Due due, WebhookSender.Attempt attempt) {
    Instant now = clock.instant();
    if (attempt.delivered()) {
      metrics.webhookDelivery("delivered");
      return new Delivery.Outcome.Delivered(now);
    }
    if (attempt.gone()) {
      metrics.webhookDelivery("gone");
      LOG.warn("webhook endpoint {} answered 410 Gone: it is disabled", due.endpointId());
      return new Delivery.Outcome.Gone(now, attempt.error());
    }
    Instant next = schedule.next(due.attempts() + 1, now);
    metrics.webhookDelivery(next == null ? "failed" : "retry");
    return new Delivery.Outcome.Failed(now, attempt.error(), next);
  }

  private Future<Void> resolve(Delivery.Due due, Delivery.Outcome outcome) {
    return events.resolve(due.eventId(), due.endpointId(), outcome)
        .onFailure(e -> LOG.warn("webhook delivery outcome not recorded (its lease will expire and it is sent again):"
            + " {}", e.getMessage()));
  }

  private static final class AttemptFailed extends RuntimeException {
    final WebhookSender.Attempt attempt;

    AttemptFailed(WebhookSender.Attempt attempt) {
      super(attempt.error(), null, false, false);
      this.attempt = attempt;
    }
  }
}
