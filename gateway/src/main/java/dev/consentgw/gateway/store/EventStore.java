package dev.consentgw.gateway.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The events outbox: written by the consent store in the same transaction as each change, read as
 * each tenant's ordered feed, and worked off by webhook dispatchers, which lease due deliveries so
 * no two nodes send the same one at the same time.
 */
public interface EventStore {

  /**
   * A tenant's events after feed position {@code after}, in feed order. Positions increase in commit
   * order, so a consumer resuming from the last position it saw never skips or repeats an event.
   *
   * @param types only these types; empty for all
   */
  Future<List<EventRecord>> feed(String tenantId, long after, Set<ConsentEventType> types, int limit);

  /** One of the tenant's events. */
  Future<Optional<EventRecord>> find(String tenantId, String eventId);

  /** The event's deliveries, one per endpoint it was for; empty when it was for none (or is unknown). */
  Future<List<Delivery>> deliveries(String eventId);

  /** Makes every delivery of the event due now again, whatever its status (except a disabled endpoint's). */
  Future<List<Delivery>> redeliver(String eventId, Instant now);

  /**
   * Leases up to {@code limit} of one endpoint's due deliveries until {@code now + lease}, oldest due
   * first. A lease nobody resolves (its node died) expires, and the delivery is due again.
   */
  Future<List<Delivery.Due>> lease(Instant now, Duration lease, String endpointId, int limit);

  /** Records the outcome of a leased delivery and releases its lease. */
  Future<Void> resolve(String eventId, String endpointId, Delivery.Outcome outcome);

  /** Records a {@code consent.expiring} event for authorised consents whose expiry is within {@code lead}, once per deadline. */
  Future<Integer> recordExpiring(Instant now, Duration lead, int limit);

  /** Deletes events (and their deliveries) created before {@code cutoff}. */
  Future<Integer> purge(Instant cutoff);

  /** Pending deliveries, and when the oldest event still waiting for one was created. */
  Future<Backlog> backlog();

  /** @param oldestPending null when nothing is pending */
  record Backlog(long pending, Instant oldestPending) {
  }
}
