package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.TenantRateLimiter;
import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Background status tracking: on a periodic timer, leases the consents due for a check from the
 * store (one node per consent at a time, across every node sharing the store), re-reads each from
 * its provider and writes the result through {@link ConsentStore#update}, with the next check from
 * {@link RefreshSchedule}. Reads stay within a per-provider token bucket and are skipped while the
 * provider's breaker is not closed, so tracking can never be what trips a breaker; a skipped consent
 * is retried when its lease runs out. A journey abandoned past its link's lifetime and the grace
 * period ends {@code expired} ({@code journey_abandoned}) after one last provider check.
 */
public final class ConsentTracker {

  /** What one check of one consent came to; for logs and tests. */
  public enum Outcome {
    /** The consent is final: no more checks, no provider call. */
    CLOSED,
    /** The provider was asked and the answer written. */
    REFRESHED,
    /** The journey was abandoned: the consent ended {@code expired}. */
    ABANDONED,
    /** Not asked (rate or breaker): retried when the lease runs out. */
    SKIPPED,
    /** The provider failed: retried after {@code retryInterval}. */
    FAILED
  }

  /** The consent error of an abandoned journey (see ConsentError in the contract). */
  static final String JOURNEY_ABANDONED = "journey_abandoned";

  private static final Logger LOG = LoggerFactory.getLogger(ConsentTracker.class);

  private final Vertx vertx;
  private final Map<String, ProviderAdapter> adapters;
  private final ConsentStore store;
  private final SecretBox secrets;
  private final LifecycleOptions options;
  private final RefreshSchedule schedule;
  private final Predicate<String> providerAdmits;
  private final Clock clock;
  private final Map<String, TenantRateLimiter> rates = new LinkedHashMap<>();
  // Written on the timer's event loop, read by stop() from the draining thread.
  private volatile long timerId = -1;
  private volatile Future<List<Outcome>> inFlight;

  /**
   * @param providerAdmits whether a provider's circuit breaker is closed now (the tracker never
   *     probes a provider that is failing)
   * @param nanoTime the token buckets' clock
   */
  public ConsentTracker(Vertx vertx, Map<String, ProviderAdapter> adapters, ConsentStore store, SecretBox secrets,
      LifecycleOptions options, RefreshSchedule schedule, Predicate<String> providerAdmits, Clock clock,
      LongSupplier nanoTime) {
    this.vertx = vertx;
    this.adapters = Map.copyOf(adapters);
    this.store = store;
    this.secrets = secrets;
    this.options = options;
    this.schedule = schedule;
    this.providerAdmits = providerAdmits;
    this.clock = clock;
    adapters.keySet().forEach(id -> rates.put(id, new TenantRateLimiter(options.rateFor(id), nanoTime)));
  }

  /** Starts the periodic checks (no-op when disabled). */
  public void start() {
    if (options.enabled() && timerId < 0) {
      timerId = vertx.setPeriodic(options.tickInterval().toMillis(), id -> tick());
      LOG.info("consent tracking started: every {}, up to {} consents a look", options.tickInterval(),
          options.batchSize());
    }
  }

  /** Stops the periodic checks; completes when the look in flight (if any) has written its results. */
  public Future<Void> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    Future<List<Outcome>> running = inFlight;
    return running == null ? Future.succeededFuture() : running.<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * One look: leases the due consents and checks each. A look still running when the next tick
   * comes is not doubled (the tick is skipped).
   */
  public Future<List<Outcome>> tick() {
    if (inFlight != null && !inFlight.isComplete()) {
      return Future.succeededFuture(List.of());
    }
    Instant now = clock.instant();
    Future<List<Outcome>> look = store.leaseDue(now, now.plus(options.lease()), options.batchSize())
        .compose(due -> {
          List<Future<Outcome>> checks = new ArrayList<>(due.size());
          due.forEach(record -> checks.add(check(record, now)));
          return Future.join(checks).map(done -> checks.stream().map(Future::result).toList());
        })
        .onFailure(e -> LOG.warn("consent tracking look failed: {}", e.toString()));
    inFlight = look;
    return look;
  }

  /** Checks one leased consent; never fails (a failure is logged and retried later). */
  Future<Outcome> check(ConsentRecord record, Instant now) {
    if (record.status().isTerminal()) {
      return store.update(record.id(), r -> r.status().isTerminal() ? r.withNextRefreshAt(null) : r)
          .map(Outcome.CLOSED)
          .otherwise(e -> logged(record, e));
    }
    ProviderAdapter adapter = adapters.get(record.provider());
    if (adapter == null) {
      // The provider is not configured on this gateway (any more): nothing to ask now.
      return postpone(record, now, Outcome.SKIPPED);
    }
    if (!providerAdmits.test(record.provider()) || !rates.get(record.provider()).acquire(record.provider()).allowed()) {
      return Future.succeededFuture(Outcome.SKIPPED);
    }
    return adapter.readConsent(ConsentRefs.of(record, secrets))
        .compose(state -> write(record, state))
        .recover(e -> e instanceof ProviderFailure failure
            ? postponeAfter(record, failure)
            : Future.failedFuture(e))
        .otherwise(e -> logged(record, e));
  }

  private Future<Outcome> write(ConsentRecord leased, ConsentState state) {
    Outcome[] outcome = {Outcome.REFRESHED};
    return store.update(leased.id(), current -> {
      Instant now = clock.instant();
      if (current.status().isTerminal()) {
        // Ended meanwhile (revoked by the tenant, an expired link used): the provider's view is moot.
        outcome[0] = Outcome.CLOSED;
        return current.withNextRefreshAt(null);
      }
      ConsentRecord updated = current.withProviderState(state, now);
      if (schedule.abandoned(updated, now)) {
        outcome[0] = Outcome.ABANDONED;
        updated = updated.withStatus(ConsentStatus.EXPIRED, now, null, updated.expiresAt())
            .withError(JOURNEY_ABANDONED, "The user did not finish the journey before its link expired.", now)
            .withJourneyUsed();
      }
      return updated.withNextRefreshAt(schedule.next(updated, now));
    }).map(updated -> {
      if (outcome[0] == Outcome.ABANDONED) {
        LOG.info("consent {} expired: its journey was abandoned", leased.id());
      }
      return outcome[0];
    });
  }

  private Future<Outcome> postponeAfter(ConsentRecord record, ProviderFailure failure) {
    LOG.debug("status of consent {} not refreshed: {}", record.id(), failure.getMessage());
    return postpone(record, clock.instant(), Outcome.FAILED);
  }

  private Future<Outcome> postpone(ConsentRecord record, Instant now, Outcome outcome) {
    Instant retryAt = now.plus(options.retryInterval());
    return store.update(record.id(), r -> r.status().isTerminal() || r.nextRefreshAt() == null
            ? r : r.withNextRefreshAt(retryAt))
        .map(outcome)
        .otherwise(e -> logged(record, e));
  }

  private static Outcome logged(ConsentRecord record, Throwable failure) {
    LOG.warn("consent {} could not be tracked: {}", record.id(), failure.toString());
    return Outcome.FAILED;
  }
}
