package dev.consentgw.gateway.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The consent registry. Future-returning so a shared database can sit behind it; the embedded
 * default keeps everything in memory.
 */
public interface ConsentStore {

  /** Stores a new consent; fails if the id exists. */
  Future<Void> insert(ConsentRecord record);

  Future<Optional<ConsentRecord>> get(String consentId);

  /**
   * Atomically replaces the consent with {@code change} applied to its current value; empty when the
   * consent does not exist. {@code change} may return its argument unchanged to leave it as it is.
   */
  Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change);

  /** The consent whose current journey token has this SHA-256 hash (hex). */
  Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash);

  /** The consent a provider knows under this id. */
  Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId);

  /** One tenant's consents for one of its users, newest first. */
  Future<List<ConsentRecord>> listByUser(String tenantId, String userReference);

  /**
   * Leases up to {@code max} consents due for a status check ({@code nextRefreshAt <= now}), soonest
   * due first, that no node holds a lease on: each is leased until {@code leaseUntil}, and no other
   * caller (on any node) gets it before then. The lease needs no release: the holder writes the
   * result, with a later {@code nextRefreshAt}, through {@link #update}; a holder that dies just lets
   * its lease run out.
   */
  Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max);
}
