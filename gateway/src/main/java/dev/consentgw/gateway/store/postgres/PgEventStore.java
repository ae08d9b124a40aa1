package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.store.ConsentEventType;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.Delivery;
import dev.consentgw.gateway.store.EventRecord;
import dev.consentgw.gateway.store.EventStore;
import dev.consentgw.gateway.store.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox in PostgreSQL. Events are appended by {@link PgConsentStore} inside the consent's own
 * transaction, under a transaction-scoped advisory lock, so feed positions commit in order; due
 * deliveries are leased with {@code FOR UPDATE SKIP LOCKED}, so two nodes never send the same one
 * at the same time.
 */
final class PgEventStore implements EventStore {

  /** {@link ConsentRecord#nextDeadlineAfter} in SQL ($1 = now): least() skips the nulls. */
  private static final String NEXT_DEADLINE = "least(case when c.expires_at > $1 then c.expires_at end,"
      + " case when c.reconfirm_by > $1 then c.reconfirm_by end)";

  /** Serialises event appends (not consent changes without events) until their commit. */
  private static final long APPEND_LOCK = 0x4356_4e54_4f42_584cL;
  private static final String EVENT_COLUMNS = "sequence, id, tenant_id, type, created_at, consent_id, body";
  private static final String DELIVERY_COLUMNS = "event_id, endpoint_id, status, attempts, last_error, "
      + "last_attempt_at, next_attempt_at, delivered_at";

  private final Pool pool;
  private final PgFailures failures;
  private final Outbox outbox;

  PgEventStore(Pool pool, PgFailures failures, Outbox outbox) {
    this.pool = pool;
    this.failures = failures;
    this.outbox = outbox;
  }

  /** Writes events and their deliveries on {@code conn}, inside the caller's transaction. */
  static Future<Void> append(SqlConnection conn, List<Outbox.NewEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = conn.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(APPEND_LOCK))
        .mapEmpty();
    for (Outbox.NewEvent e : events) {
      chain = chain
          .compose(v -> conn.preparedQuery("insert into events (id, tenant_id, type, created_at, consent_id, body)"
              + " values ($1, $2, $3, $4, $5, $6)")
              .execute(Tuple.of(e.id(), e.tenantId(), e.type().wireName(), time(e.createdAt()), e.consentId(), e.json())))
          .compose(v -> e.endpoints().isEmpty() ? Future.succeededFuture() : conn.preparedQuery(
              "insert into deliveries (event_id, endpoint_id, status, attempts, next_attempt_at)"
                  + " select $1, ep, case when exists (select 1 from disabled_endpoints d where d.endpoint_id = ep)"
                  + " then 'endpoint_disabled' else 'pending' end, 0,"
                  + " case when exists (select 1 from disabled_endpoints d where d.endpoint_id = ep)"
                  + " then null else $3::timestamptz end"
                  + " from unnest($2::text[]) as ep")
              .execute(Tuple.of(e.id(), e.endpoints().stream().sorted().toArray(String[]::new), time(e.createdAt()))))
          .mapEmpty();
    }
    return chain;
  }

  @Override
  public Future<List<EventRecord>> feed(String tenantId, long after, Set<ConsentEventType> types, int limit) {
    String[] typeNames = types.stream().map(ConsentEventType::wireName).sorted().toArray(String[]::new);
    return failures.guard(pool.preparedQuery("select " + EVENT_COLUMNS + " from events where tenant_id = $1"
            + " and sequence > $2 and (cardinality($3::text[]) = 0 or type = any($3)) order by sequence limit $4")
        .execute(Tuple.of(tenantId, after, typeNames, limit))
        .map(rows -> {
          List<EventRecord> page = new ArrayList<>(rows.size());
          rows.forEach(row -> page.add(event(row)));
          return page;
        }));
  }

  @Override
  public Future<Optional<EventRecord>> find(String tenantId, String eventId) {
    return failures.guard(pool.preparedQuery("select " + EVENT_COLUMNS + " from events where id = $1 and tenant_id = $2")
        .execute(Tuple.of(eventId, tenantId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(event(rows.iterator().next()))));
  }

  @Override
  public Future<List<Delivery>> deliveries(String eventId) {
    return failures.guard(deliveries(pool, eventId));
  }

  private static Future<List<Delivery>> deliveries(io.vertx.sqlclient.SqlClient client, String eventId) {
    return client.preparedQuery("select " + DELIVERY_COLUMNS + " from deliveries where event_id = $1 order by endpoint_id")
        .execute(Tuple.of(eventId))
        .map(rows -> {
          List<Delivery> result = new ArrayList<>(rows.size());
          rows.forEach(row -> result.add(delivery(row)));
          return result;
        });
  }

  @Override
  public Future<List<Delivery>> redeliver(String eventId, Instant now) {
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery("update deliveries set status = 'pending',"
            + " next_attempt_at = $2 where event_id = $1"
            + " and endpoint_id not in (select endpoint_id from disabled_endpoints)")
        .execute(Tuple.of(eventId, time(now)))
        .compose(v -> deliveries(conn, eventId))));
  }

  @Override
  public Future<List<Delivery.Due>> lease(Instant now, Duration lease, String endpointId, int limit) {
    return failures.guard(pool.preparedQuery("update deliveries d set lease_until = $2 from events e"
            + " where e.id = d.event_id and (d.event_id, d.endpoint_id) in ("
            + "   select event_id, endpoint_id from deliveries where status = 'pending' and next_attempt_at <= $1"
            + "   and (lease_until is null or lease_until <= $1) and endpoint_id = $3"
            + "   order by next_attempt_at limit $4 for update skip locked)"
            + " returning d.event_id, d.endpoint_id, d.attempts, e.body, d.next_attempt_at, e.sequence")
        .execute(Tuple.of(time(now), time(now.plus(lease)), endpointId, limit))
        .map(rows -> {
          List<Row> sorted = new ArrayList<>();
          rows.forEach(sorted::add);
          sorted.sort(java.util.Comparator.comparing((Row r) -> r.getOffsetDateTime("next_attempt_at"))
              .thenComparing(r -> r.getLong("sequence")));
          return sorted.stream().map(r -> new Delivery.Due(r.getString("event_id"), r.getString("endpoint_id"),
              r.getInteger("attempts"), r.getString("body"))).toList();
        }));
  }

  @Override
  public Future<Void> resolve(String eventId, String endpointId, Delivery.Outcome outcome) {
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery("select " + DELIVERY_COLUMNS
            + " from deliveries where event_id = $1 and endpoint_id = $2 for update")
        .execute(Tuple.of(eventId, endpointId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Delivery next = delivery(rows.iterator().next()).after(outcome);
          Future<Void> written = conn.preparedQuery("update deliveries set status = $3, attempts = $4, last_error = $5,"
                  + " last_attempt_at = $6, next_attempt_at = $7, delivered_at = $8, lease_until = null"
                  + " where event_id = $1 and endpoint_id = $2")
              .execute(Tuple.from(Arrays.asList(eventId, endpointId, next.status().wireName(), next.attempts(),
                  next.lastError(), time(next.lastAttemptAt()), time(next.nextAttemptAt()), time(next.deliveredAt()))))
              .mapEmpty();
          if (!(outcome instanceof Delivery.Outcome.Gone gone)) {
            return written;
          }
          return written
              .compose(v -> conn.preparedQuery("insert into disabled_endpoints (endpoint_id, disabled_at, reason)"
                  + " values ($1, $2, $3) on conflict do nothing").execute(Tuple.of(endpointId, time(gone.at()), gone.error())))
              .compose(v -> conn.preparedQuery("update deliveries set status = 'endpoint_disabled', next_attempt_at = null,"
                  + " lease_until = null where endpoint_id = $1 and status = 'pending'").execute(Tuple.of(endpointId)))
              .mapEmpty();
        })));
  }

  @Override
  public Future<Integer> recordExpiring(Instant now, Duration lead, int limit) {
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery(PgConsentStore.SELECT_AS_C
            + " where c.status = 'authorized' and " + NEXT_DEADLINE + " <= $2"
            + " and not exists (select 1 from expiring_notices n where n.consent_id = c.id and n.deadline = "
            + NEXT_DEADLINE + ") order by " + NEXT_DEADLINE + ", c.id limit $3 for update skip locked")
        .execute(Tuple.of(time(now), time(now.plus(lead)), limit))
        .compose(rows -> {
          List<ConsentRecord> consents = new ArrayList<>();
          rows.forEach(row -> consents.add(PgConsentStore.record(row)));
          List<Outbox.NewEvent> events = consents.stream().map(c -> outbox.event(ConsentEventType.EXPIRING, c)).toList();
          Future<Void> chain = Future.succeededFuture();
          for (ConsentRecord c : consents) {
            chain = chain.compose(v -> conn.preparedQuery("insert into expiring_notices (consent_id, deadline)"
                + " values ($1, $2) on conflict do nothing").execute(Tuple.of(c.id(), time(c.nextDeadlineAfter(now)))).mapEmpty());
          }
          return chain.compose(v -> append(conn, events)).map(v -> events.size());
        })));
  }

  @Override
  public Future<Integer> purge(Instant cutoff) {
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery("delete from events where created_at < $1")
        .execute(Tuple.of(time(cutoff)))
        .compose(deleted -> conn.preparedQuery("delete from expiring_notices where deadline < $1")
            .execute(Tuple.of(time(cutoff))).map(v -> deleted.rowCount()))));
  }

  @Override
  public Future<Backlog> backlog() {
    return failures.guard(pool.query("select count(*) as pending, min(e.created_at) as oldest from deliveries d"
            + " join events e on e.id = d.event_id where d.status = 'pending'").execute()
        .map(rows -> {
          Row row = rows.iterator().next();
          OffsetDateTime oldest = row.getOffsetDateTime("oldest");
          return new Backlog(row.getLong("pending"), oldest == null ? null : oldest.toInstant());
        }));
  }

  private static EventRecord event(Row row) {
    return new EventRecord(row.getLong("sequence"), row.getString("id"), row.getString("tenant_id"),
        ConsentEventType.fromWireName(row.getString("type")).orElseThrow(), instant(row, "created_at"),
        row.getString("consent_id"), row.getString("body"));
  }

  private static Delivery delivery(Row row) {
    return new Delivery(row.getString("event_id"), row.getString("endpoint_id"),
        Delivery.Status.fromWireName(row.getString("status")), row.getInteger("attempts"), row.getString("last_error"),
        instant(row, "last_attempt_at"), instant(row, "next_attempt_at"), instant(row, "delivered_at"));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
