package dev.consentgw.gateway.store;

import io.vertx.core.Future;

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
}
