package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.store.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every database operation in time and sorts its failures: a broken constraint is a
 * conflict, a malformed statement a bug, everything else (connection refused or lost, server
 * shutting down, statement timeout, no pooled connection in time) means the database is
 * unavailable and the client may retry.
 */
final class PgFailures {

  private static final Logger LOG = LoggerFactory.getLogger(PgFailures.class);

  private final long timeoutMillis;
  private final Duration retryAfter;
  /** Whether the last operation found the database unavailable: each change is logged once, not per request. */
  private volatile boolean unavailable;

  PgFailures(Duration operationTimeout, Duration retryAfter) {
    this.timeoutMillis = operationTimeout.toMillis();
    this.retryAfter = retryAfter;
  }

  <T> Future<T> guard(Future<T> operation) {
    return operation.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .onSuccess(v -> {
          if (unavailable) {
            unavailable = false;
            LOG.info("the database is available again");
          }
        })
        .recover(e -> Future.failedFuture(translate(e)));
  }

  private Throwable translate(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String sqlClass = pg.getSqlState().substring(0, 2);
      if (sqlClass.equals("23")) {
        return new IllegalStateException("constraint violated (" + pg.getSqlState() + ")", failure);
      }
      if (sqlClass.equals("22") || sqlClass.equals("42")) {
        return failure;
      }
    }
    if (!unavailable) {
      unavailable = true;
      LOG.warn("the database is unavailable; requests that need it answer 503 store_unavailable: {}",
          failure.getMessage());
    }
    // The cause stays attached for the server log, which redacts; the message names nothing.
    return new StoreUnavailableException("the database is unavailable", retryAfter, failure);
  }
}
