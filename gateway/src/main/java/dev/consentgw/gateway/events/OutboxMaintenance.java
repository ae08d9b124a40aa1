package dev.consentgw.gateway.events;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The outbox's periodic chores on this node: record {@code consent.expiring} for consents nearing
 * their deadline (the store makes each one once, whichever node finds it), delete events past the
 * retention, and sample the delivery backlog for the metrics.
 */
public final class OutboxMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMaintenance.class);
  /** Expiring consents handled per transaction; the rest in the next round. */
  private static final int EXPIRING_BATCH = 500;

  private final Vertx vertx;
  private final EventStore events;
  private final EventsOptions options;
  private final Clock clock;
  private volatile EventStore.Backlog backlog = new EventStore.Backlog(0, null);
  private long timer = -1;

  public OutboxMaintenance(Vertx vertx, EventStore events, EventsOptions options, Clock clock,
      GatewayMetrics metrics) {
    this.vertx = vertx;
    this.events = events;
    this.options = options;
    this.clock = clock;
    metrics.watchWebhookBacklog(() -> backlog.pending(), () -> {
      Instant oldest = backlog.oldestPending();
      return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    });
  }

  public void start() {
    timer = vertx.setPeriodic(0, options.maintenanceInterval().toMillis(), id -> run());
  }

  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** One round of chores. */
  public Future<Void> run() {
    Instant now = clock.instant();
    return events.recordExpiring(now, options.expiringLeadTime(), EXPIRING_BATCH)
        .onSuccess(n -> LOG.debug("{} consent.expiring events recorded", n))
        .compose(n -> events.purge(now.minus(options.retention())))
        .onSuccess(n -> LOG.debug("{} events past retention deleted", n))
        .compose(n -> events.backlog())
        .onSuccess(b -> backlog = b)
        .onFailure(e -> LOG.warn("outbox maintenance failed (tried again next round): {}", e.getMessage()))
        .mapEmpty();
  }
}
