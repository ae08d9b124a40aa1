package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoredResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Idempotency records in PostgreSQL. The primary key (tenant, key) decides which of several
 * concurrent requests, on any nodes, claims a key: the claim is one {@code INSERT … ON CONFLICT}
 * that takes the row over only when it expired or its in-flight lease ran out.
 */
final class PgIdempotencyStore implements IdempotencyStore {

  private static final String CLAIM = """
      insert into idempotency_keys (tenant_id, idempotency_key, fingerprint, created_at, lease_until, resource_id)
      values ($1, $2, $3, $4, $5, $7)
      on conflict (tenant_id, idempotency_key) do update
        set fingerprint = excluded.fingerprint, created_at = excluded.created_at, lease_until = excluded.lease_until,
            response_status = null, response_body = null,
            resource_id = case when idempotency_keys.created_at <= $6 then excluded.resource_id
                               else idempotency_keys.resource_id end
        where idempotency_keys.created_at <= $6
           or (idempotency_keys.response_status is null and idempotency_keys.lease_until <= $4
               and idempotency_keys.fingerprint = excluded.fingerprint)
      returning resource_id""";
  private static final String READ = """
      select fingerprint, response_status, resource_id, response_body from idempotency_keys
      where tenant_id = $1 and idempotency_key = $2""";
  private static final String COMPLETE = """
      update idempotency_keys set response_status = $3, resource_id = $4, response_body = $5
      where tenant_id = $1 and idempotency_key = $2 and response_status is null""";
  private static final String ABANDON = """
      delete from idempotency_keys where tenant_id = $1 and idempotency_key = $2 and response_status is null""";
  private static final String PURGE = "delete from idempotency_keys where created_at <= $1";
  /** A claim can lose its row to an abandon between the two statements; then it simply tries again. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final Pool pool;
  private final PgFailures failures;
  private final Clock clock;
  private final Duration retention;
  private final Duration lease;

  PgIdempotencyStore(Pool pool, PgFailures failures, Clock clock, Duration retention, Duration lease) {
    this.pool = pool;
    this.failures = failures;
    this.clock = clock;
    this.retention = retention;
    this.lease = lease;
  }

  @Override
  public Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint,
      String proposedResourceId) {
    return failures.guard(claim(tenantId, key, fingerprint, proposedResourceId, CLAIM_ATTEMPTS));
  }

  private Future<IdempotencyClaim> claim(String tenantId, String key, String fingerprint, String proposedResourceId,
      int attempts) {
    Instant now = clock.instant();
    Tuple params = Tuple.of(tenantId, key, fingerprint, now.atOffset(ZoneOffset.UTC),
        now.plus(lease).atOffset(ZoneOffset.UTC), now.minus(retention).atOffset(ZoneOffset.UTC), proposedResourceId);
    return pool.preparedQuery(CLAIM).execute(params).compose(claimed -> {
      if (claimed.rowCount() == 1) {
        return Future.succeededFuture(new IdempotencyClaim.Claimed(claimed.iterator().next().getString(0)));
      }
      return pool.preparedQuery(READ).execute(Tuple.of(tenantId, key)).compose(rows -> {
        if (rows.size() == 0) {
          return attempts > 1 ? claim(tenantId, key, fingerprint, proposedResourceId, attempts - 1)
              : Future.succeededFuture(new IdempotencyClaim.InProgress());
        }
        return Future.succeededFuture(outcome(rows.iterator().next(), fingerprint));
      });
    });
  }

  private static IdempotencyClaim outcome(Row row, String fingerprint) {
    if (!row.getString("fingerprint").equals(fingerprint)) {
      return new IdempotencyClaim.Conflict();
    }
    Integer status = row.getInteger("response_status");
    if (status == null) {
      return new IdempotencyClaim.InProgress();
    }
    return new IdempotencyClaim.Replay(
        new StoredResponse(status, row.getString("resource_id"), row.getBuffer("response_body").getBytes()));
  }

  @Override
  public Future<Void> complete(String tenantId, String key, StoredResponse response) {
    return failures.guard(pool.preparedQuery(COMPLETE)
        .execute(Tuple.of(tenantId, key, response.status(), response.resourceId(), Buffer.buffer(response.body())))
        .mapEmpty());
  }

  @Override
  public Future<Void> abandon(String tenantId, String key) {
    return failures.guard(pool.preparedQuery(ABANDON).execute(Tuple.of(tenantId, key)).mapEmpty());
  }

  /** Deletes records past their retention; any node may run it, as often as it likes. */
  Future<Integer> purgeExpired() {
    return failures.guard(pool.preparedQuery(PURGE)
        .execute(Tuple.of(clock.instant().minus(retention).atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount()));
  }
}
