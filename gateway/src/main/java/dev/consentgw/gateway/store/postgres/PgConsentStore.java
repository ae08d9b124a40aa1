package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The consent registry in PostgreSQL. {@link #update} reads the row {@code FOR UPDATE}, applies the
 * change and writes it back in one transaction, so concurrent changes on any node serialise on the
 * row (a journey token is redeemed once across every node).
 */
final class PgConsentStore implements ConsentStore {

  private static final List<String> COLUMNS = List.of("id", "tenant_id", "provider", "institution_id",
      "provider_institution_id", "user_reference", "permissions", "status", "created_at", "updated_at",
      "authorized_at", "expires_at", "provider_consent_id", "provider_state", "authorisation_url", "qr_code_url",
      "redirect_url", "state", "journey_token_hash", "journey_expires_at", "journey_used", "sealed_consent_token",
      "error_code", "error_description", "status_checked_at", "reconfirm_by", "last_confirmed_at", "status_stale",
      "next_refresh_at", "reauthorisation_started_at");
  private static final String SELECT = "select " + String.join(", ", COLUMNS) + " from consents ";
  /** The same columns from {@code consents c}, for queries that qualify them. */
  static final String SELECT_AS_C = "select " + COLUMNS.stream().map(c -> "c." + c).collect(Collectors.joining(", "))
      + " from consents c ";
  private static final String INSERT = "insert into consents (" + String.join(", ", COLUMNS) + ") values ("
      + IntStream.rangeClosed(1, COLUMNS.size()).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";
  /**
   * A new {@code next_refresh_at} is the lease holder's result: the lease ends with it, so a consent
   * rescheduled sooner than the lease would have run out is due then (as in memory).
   */
  private static final String UPDATE = "update consents set "
      + IntStream.range(1, COLUMNS.size()).mapToObj(i -> COLUMNS.get(i) + " = $" + (i + 1))
          .collect(Collectors.joining(", "))
      + ", refresh_lease_until = case when consents.next_refresh_at is distinct from $"
      + (COLUMNS.indexOf("next_refresh_at") + 1) + " then null else consents.refresh_lease_until end"
      + " where id = $1 returning " + String.join(", ", COLUMNS);
  /**
   * Takes the due rows no other node holds: {@code skip locked} passes over rows another transaction
   * is leasing right now, and the lease column over rows leased earlier that are still being refreshed.
   */
  private static final String LEASE_DUE = "update consents set refresh_lease_until = $2 where id in ("
      + "select id from consents where next_refresh_at <= $1"
      + " and (refresh_lease_until is null or refresh_lease_until <= $1)"
      + " order by next_refresh_at limit $3 for update skip locked) returning " + String.join(", ", COLUMNS);
  private static final Map<String, ConsentStatus> STATUS = Arrays.stream(ConsentStatus.values())
      .collect(Collectors.toMap(ConsentStatus::wireName, Function.identity()));

  private final Pool pool;
  private final PgFailures failures;
  private final Outbox outbox;

  PgConsentStore(Pool pool, PgFailures failures, Outbox outbox) {
    this.pool = pool;
    this.failures = failures;
    this.outbox = outbox;
  }

  @Override
  public Future<Void> insert(ConsentRecord record) {
    List<Outbox.NewEvent> events = outbox.changes(null, record);
    if (events.isEmpty()) {
      return failures.guard(pool.preparedQuery(INSERT).execute(tuple(record)).mapEmpty());
    }
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(tuple(record))
        .compose(v -> PgEventStore.append(conn, events))));
  }

  @Override
  public Future<Optional<ConsentRecord>> get(String consentId) {
    return one(SELECT + "where id = $1", Tuple.of(consentId));
  }

  @Override
  public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
    return failures.guard(pool.withTransaction(conn -> conn.preparedQuery(SELECT + "where id = $1 for update")
        .execute(Tuple.of(consentId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<ConsentRecord>empty());
          }
          ConsentRecord current = record(rows.iterator().next());
          ConsentRecord next = change.apply(current);
          if (next.equals(current)) {
            return Future.succeededFuture(Optional.of(current));
          }
          // The events of this change commit with it, or not at all.
          return conn.preparedQuery(UPDATE).execute(tuple(next)).map(PgConsentStore::first)
              .compose(updated -> PgEventStore.append(conn, outbox.changes(current, next)).map(updated));
        })));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
    return one(SELECT + "where journey_token_hash = $1", Tuple.of(tokenHash));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
    // The newest wins, as in memory, should a provider ever reuse an id.
    return one(SELECT + "where provider = $1 and provider_consent_id = $2 order by updated_at desc limit 1",
        Tuple.of(provider, providerConsentId));
  }

  @Override
  public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
    return failures.guard(pool.preparedQuery(SELECT
            + "where tenant_id = $1 and user_reference = $2 order by created_at desc, id desc")
        .execute(Tuple.of(tenantId, userReference))
        .map(rows -> {
          List<ConsentRecord> records = new java.util.ArrayList<>(rows.size());
          rows.forEach(row -> records.add(record(row)));
          return records;
        }));
  }

  @Override
  public Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max) {
    return failures.guard(pool.preparedQuery(LEASE_DUE)
        .execute(Tuple.of(time(now), time(leaseUntil), max))
        .map(rows -> {
          List<ConsentRecord> records = new java.util.ArrayList<>(rows.size());
          rows.forEach(row -> records.add(record(row)));
          records.sort(java.util.Comparator.comparing(ConsentRecord::nextRefreshAt).thenComparing(ConsentRecord::id));
          return records;
        }));
  }

  private Future<Optional<ConsentRecord>> one(String sql, Tuple params) {
    return failures.guard(pool.preparedQuery(sql).execute(params).map(PgConsentStore::first));
  }

  private static Optional<ConsentRecord> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(record(rows.iterator().next()));
  }

  private static Tuple tuple(ConsentRecord r) {
    return Tuple.from(Arrays.asList(r.id(), r.tenantId(), r.provider(), r.institutionId(), r.providerInstitutionId(),
        r.userReference(), r.permissions().stream().map(Permission::wireName).sorted().toArray(String[]::new),
        r.status().wireName(), time(r.createdAt()), time(r.updatedAt()), time(r.authorizedAt()), time(r.expiresAt()),
        r.providerConsentId(), new JsonObject(new LinkedHashMap<>(r.providerState())), r.authorisationUrl(),
        r.qrCodeUrl(), r.redirectUrl(), r.state(), r.journeyTokenHash(), time(r.journeyExpiresAt()), r.journeyUsed(),
        r.sealedConsentToken(), r.errorCode(), r.errorDescription(), time(r.statusCheckedAt()), time(r.reconfirmBy()),
        time(r.lastConfirmedAt()), r.statusStale(), time(r.nextRefreshAt()), time(r.reauthorisationStartedAt())));
  }

  static ConsentRecord record(Row row) {
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String name : row.getArrayOfStrings("permissions")) {
      Permission.fromWireName(name).ifPresent(permissions::add);
    }
    Map<String, String> providerState = new LinkedHashMap<>();
    row.getJsonObject("provider_state").forEach(e -> providerState.put(e.getKey(), String.valueOf(e.getValue())));
    return ConsentRecord.builder()
        .id(row.getString("id"))
        .tenantId(row.getString("tenant_id"))
        .provider(row.getString("provider"))
        .institutionId(row.getString("institution_id"))
        .providerInstitutionId(row.getString("provider_institution_id"))
        .userReference(row.getString("user_reference"))
        .permissions(permissions)
        .status(STATUS.getOrDefault(row.getString("status"), ConsentStatus.UNKNOWN))
        .createdAt(instant(row, "created_at"))
        .updatedAt(instant(row, "updated_at"))
        .authorizedAt(instant(row, "authorized_at"))
        .expiresAt(instant(row, "expires_at"))
        .providerConsentId(row.getString("provider_consent_id"))
        .providerState(providerState)
        .authorisationUrl(row.getString("authorisation_url"))
        .qrCodeUrl(row.getString("qr_code_url"))
        .redirectUrl(row.getString("redirect_url"))
        .state(row.getString("state"))
        .journeyTokenHash(row.getString("journey_token_hash"))
        .journeyExpiresAt(instant(row, "journey_expires_at"))
        .journeyUsed(row.getBoolean("journey_used"))
        .sealedConsentToken(row.getString("sealed_consent_token"))
        .errorCode(row.getString("error_code"))
        .errorDescription(row.getString("error_description"))
        .statusCheckedAt(instant(row, "status_checked_at"))
        .reconfirmBy(instant(row, "reconfirm_by"))
        .lastConfirmedAt(instant(row, "last_confirmed_at"))
        .statusStale(row.getBoolean("status_stale"))
        .nextRefreshAt(instant(row, "next_refresh_at"))
        .reauthorisationStartedAt(instant(row, "reauthorisation_started_at"))
        .build();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
