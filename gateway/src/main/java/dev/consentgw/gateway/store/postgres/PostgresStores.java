package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.EventStore;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The state in PostgreSQL, shared by every node on the same database: the schema is migrated on
 * start, then every request goes through one reactive connection pool.
 */
public final class PostgresStores implements Stores {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresStores.class);
  /** Expired idempotency records are deleted this many times per retention period. */
  private static final int PURGES_PER_RETENTION = 24;

  private final Vertx vertx;
  private final Pool pool;
  private final PgFailures failures;
  private final PgConsentStore consents;
  private final PgIdempotencyStore idempotency;
  private final PgEventStore events;
  private final long purgeTimer;

  private PostgresStores(Vertx vertx, Pool pool, PgFailures failures, Clock clock, StoreOptions options,
      Duration idempotencyRetention, Outbox outbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.failures = failures;
    this.consents = new PgConsentStore(pool, failures, outbox);
    this.events = new PgEventStore(pool, failures, outbox);
    this.idempotency = new PgIdempotencyStore(pool, failures, clock, idempotencyRetention, options.idempotencyLease());
    this.purgeTimer = vertx.setPeriodic(Math.max(1, idempotencyRetention.toMillis() / PURGES_PER_RETENTION),
        id -> idempotency.purgeExpired()
            .onSuccess(n -> LOG.debug("{} expired idempotency records deleted", n))
            .onFailure(e -> LOG.warn("expired idempotency records not deleted: {}", e.getMessage())));
  }

  /** Migrates the schema (on a worker thread), then opens the pool. */
  public static Future<Stores> open(Vertx vertx, StoreOptions options, Clock clock, Duration idempotencyRetention) {
    return open(vertx, options, clock, idempotencyRetention, Outbox.plain(clock));
  }

  /** @param outbox what each consent change records in {@link #events()}, in the change's transaction */
  public static Future<Stores> open(Vertx vertx, StoreOptions options, Clock clock, Duration idempotencyRetention,
      Outbox outbox) {
    PgConnectOptions connect = options.postgres().connectOptions().setCachePreparedStatements(true);
    return vertx.executeBlocking(() -> SchemaMigrations.apply(connect))
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot prepare the database schema: " + rootMessage(e), e)))
        .map(version -> {
          LOG.info("PostgreSQL store on {}:{}/{} (schema version {}, pool of {})", connect.getHost(),
              connect.getPort(), connect.getDatabase(), version, options.postgres().poolSize());
          Pool pool = PgBuilder.pool()
              .with(new PoolOptions()
                  .setMaxSize(options.postgres().poolSize())
                  .setConnectionTimeout((int) options.postgres().connectTimeout().toMillis())
                  .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS))
              .with(new NetClientOptions().setConnectTimeout((int) options.postgres().connectTimeout().toMillis()))
              .connectingTo(connect)
              .using(vertx)
              .build();
          // Waiting for a connection, connecting and the statement itself each have their own bound.
          Duration operationTimeout = options.postgres().connectTimeout().plus(options.postgres().statementTimeout());
          return new PostgresStores(vertx, pool, new PgFailures(operationTimeout, options.retryAfter()), clock,
              options, idempotencyRetention, outbox);
        });
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e == root || e.getMessage() == null ? String.valueOf(root.getMessage())
        : e.getMessage() + " (" + root.getMessage() + ")";
  }

  @Override
  public ConsentStore consents() {
    return consents;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public IdempotencyStore idempotency() {
    return idempotency;
  }

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public Future<Void> check() {
    return failures.guard(pool.query("select 1").execute().mapEmpty());
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(purgeTimer);
    return pool.close();
  }
}
