package dev.consentgw.gateway.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import dev.consentgw.gateway.store.Outbox;
import dev.consentgw.gateway.store.StoreOptions;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The embedded consent registry, bounded: at most {@code maxConsents} consents (the least recently
 * used go first), and a journey nobody finished is dropped {@code abandonedJourneyRetention} after
 * its link expired. Secondary indexes are maintained under the same per-consent update, and cleared
 * when a consent is evicted, so lookups never see a half-applied change.
 */
public final class InMemoryConsentStore implements ConsentStore {

  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private final Clock clock;
  private final Outbox outbox;
  private final InMemoryEventStore events;
  private final Duration abandonedRetention;
  private final Cache<String, ConsentRecord> byId;
  private final Map<String, String> idByJourneyHash = new ConcurrentHashMap<>();
  private final Map<String, String> idByProviderConsent = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> idsByUser = new ConcurrentHashMap<>();
  /** Refresh leases by consent id; an entry exists only for a consent held (removed on eviction). */
  private final Map<String, Instant> leases = new ConcurrentHashMap<>();

  /** A registry on its own, whose events nobody reads (for tests of other parts). */
  public InMemoryConsentStore(Clock clock, StoreOptions.Memory options) {
    this(clock, options, Outbox.plain(clock));
  }

  /** @param outbox what each change records in {@link #events()}, under the same per-consent update */
  public InMemoryConsentStore(Clock clock, StoreOptions.Memory options, Outbox outbox) {
    this.clock = clock;
    this.outbox = outbox;
    this.events = new InMemoryEventStore(options.maxEvents(), outbox, this::authorisedExpiringBefore);
    this.abandonedRetention = options.abandonedJourneyRetention();
    this.byId = Caffeine.newBuilder()
        .maximumSize(options.maxConsents())
        .expireAfter(Expiry.writing((String id, ConsentRecord record) -> lifetime(record)))
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        // Maintenance on the calling thread: eviction is deterministic and needs no pool.
        .executor(Runnable::run)
        .evictionListener((String id, ConsentRecord record, com.github.benmanes.caffeine.cache.RemovalCause cause) ->
            unindex(record))
        .build();
  }

  @Override
  public Future<Void> insert(ConsentRecord record) {
    boolean[] inserted = {false};
    byId.asMap().computeIfAbsent(record.id(), id -> {
      inserted[0] = true;
      events.append(outbox.changes(null, record));
      index(null, record);
      idsByUser.computeIfAbsent(userKey(record.tenantId(), record.userReference()), k -> ConcurrentHashMap.newKeySet())
          .add(record.id());
      return record;
    });
    return inserted[0] ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("consent " + record.id() + " exists"));
  }

  @Override
  public Future<Optional<ConsentRecord>> get(String consentId) {
    return Future.succeededFuture(Optional.ofNullable(byId.getIfPresent(consentId)));
  }

  @Override
  public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
    ConsentRecord after = byId.asMap().computeIfPresent(consentId, (id, current) -> {
      ConsentRecord next = change.apply(current);
      events.append(outbox.changes(current, next));
      index(current, next);
      return next;
    });
    return Future.succeededFuture(Optional.ofNullable(after));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(idByJourneyHash.get(tokenHash))
        .map(byId::getIfPresent)
        .filter(r -> tokenHash.equals(r.journeyTokenHash())));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
    return Future.succeededFuture(Optional.ofNullable(idByProviderConsent.get(providerKey(provider, providerConsentId)))
        .map(byId::getIfPresent));
  }

  @Override
  public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
    List<ConsentRecord> records = idsByUser.getOrDefault(userKey(tenantId, userReference), Set.of()).stream()
        .map(byId::getIfPresent)
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing(ConsentRecord::createdAt).thenComparing(ConsentRecord::id).reversed())
        .toList();
    return Future.succeededFuture(records);
  }

  /** The outbox this registry writes to. */
  public InMemoryEventStore events() {
    return events;
  }

  /** Authorised consents whose next deadline after {@code now} is at or before {@code until}, soonest first. */
  private List<ConsentRecord> authorisedExpiringBefore(Instant now, Instant until) {
    return byId.asMap().values().stream()
        .filter(r -> r.status() == ConsentStatus.AUTHORIZED && r.nextDeadlineAfter(now) != null
            && !r.nextDeadlineAfter(now).isAfter(until))
        .sorted(Comparator.comparing((ConsentRecord r) -> r.nextDeadlineAfter(now)).thenComparing(ConsentRecord::id))
        .toList();
  }

  /** Consents held now (after pending evictions); for tests of the bound. */
  long size() {
    byId.cleanUp();
    return byId.estimatedSize();
  }

  /** Entries in the secondary indexes (after pending evictions); for tests that they stay bounded too. */
  long indexEntries() {
    byId.cleanUp();
    return idByJourneyHash.size() + idByProviderConsent.size() + idsByUser.size() + leases.size()
        + idsByUser.values().stream().mapToLong(Set::size).sum();
  }

  private void index(ConsentRecord before, ConsentRecord after) {
    if (before != null && before.journeyTokenHash() != null
        && !before.journeyTokenHash().equals(after.journeyTokenHash())) {
      idByJourneyHash.remove(before.journeyTokenHash(), before.id());
    }
    if (after.journeyTokenHash() != null) {
      idByJourneyHash.put(after.journeyTokenHash(), after.id());
    }
    if (before != null && before.providerConsentId() != null
        && !before.providerConsentId().equals(after.providerConsentId())) {
      // As in Postgres, the old provider id no longer finds the consent once it has a new one.
      idByProviderConsent.remove(providerKey(before.provider(), before.providerConsentId()), before.id());
    }
    if (after.providerConsentId() != null) {
      idByProviderConsent.put(providerKey(after.provider(), after.providerConsentId()), after.id());
    }
    if (before != null && !Objects.equals(before.nextRefreshAt(), after.nextRefreshAt())) {
      // A new schedule is the holder's result: the lease has served its purpose.
      leases.remove(after.id());
    }
  }

  /**
   * Scans the consents held (bounded by {@code maxConsents}); each lease is taken atomically per
   * consent, so concurrent callers never get the same consent while its lease runs.
   */
  @Override
  public Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max) {
    List<ConsentRecord> due = byId.asMap().values().stream()
        .filter(r -> r.nextRefreshAt() != null && !r.nextRefreshAt().isAfter(now))
        .sorted(Comparator.comparing(ConsentRecord::nextRefreshAt).thenComparing(ConsentRecord::id))
        .toList();
    List<ConsentRecord> leased = new ArrayList<>();
    for (ConsentRecord record : due) {
      if (leased.size() >= max) {
        break;
      }
      boolean[] won = {false};
      leases.compute(record.id(), (id, until) -> {
        if (until != null && until.isAfter(now)) {
          return until;
        }
        won[0] = true;
        return leaseUntil;
      });
      if (won[0]) {
        leased.add(record);
      }
    }
    return Future.succeededFuture(leased);
  }

  private void unindex(ConsentRecord record) {
    leases.remove(record.id());
    if (record.journeyTokenHash() != null) {
      idByJourneyHash.remove(record.journeyTokenHash(), record.id());
    }
    if (record.providerConsentId() != null) {
      idByProviderConsent.remove(providerKey(record.provider(), record.providerConsentId()), record.id());
    }
    idsByUser.computeIfPresent(userKey(record.tenantId(), record.userReference()), (k, ids) -> {
      ids.remove(record.id());
      return ids.isEmpty() ? null : ids;
    });
  }

  private static String userKey(String tenantId, String userReference) {
    return tenantId + "\u0000" + userReference;
  }

  private static String providerKey(String provider, String providerConsentId) {
    return provider + "\u0000" + providerConsentId;
  }

  /** Consents are kept until the size bound needs room, except journeys nobody finished. */
  private Duration lifetime(ConsentRecord record) {
    if (record.status() != ConsentStatus.AWAITING_AUTHORIZATION || record.journeyExpiresAt() == null) {
      return FOREVER;
    }
    Instant dropAt = record.journeyExpiresAt().plus(abandonedRetention);
    Duration left = Duration.between(clock.instant(), dropAt);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
