package dev.consentgw.gateway.store;

import io.vertx.core.Future;

/**
 * Idempotency records: tenant + key → request fingerprint + the response first given. Records
 * expire after a retention period (24 h by default).
 */
public interface IdempotencyStore {

  /** Claims the key for a request with this fingerprint, or tells what happened to it before. */
  Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint);

  /** Records the response to replay for the claimed key. */
  Future<Void> complete(String tenantId, String key, StoredResponse response);

  /** Releases a claimed key whose request failed, so the client may retry with it. */
  Future<Void> abandon(String tenantId, String key);
}
