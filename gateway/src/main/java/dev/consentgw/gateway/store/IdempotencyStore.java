package dev.consentgw.gateway.store;

import io.vertx.core.Future;

/**
 * Idempotency records: tenant + key → request fingerprint + the response first given. Records
 * expire after a retention period (24 h by default).
 */
public interface IdempotencyStore {

  /**
   * Claims the key for a request with this fingerprint, or tells what happened to it before. A claim
   * reserves {@code proposedResourceId} for the request; one that takes over a same-fingerprint claim
   * whose lease ran out keeps that claim's reservation instead.
   */
  Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint, String proposedResourceId);

  /** Records the response to replay for the claimed key. */
  Future<Void> complete(String tenantId, String key, StoredResponse response);

  /** Releases a claimed key whose request failed without creating anything, so the client may retry with it. */
  Future<Void> abandon(String tenantId, String key);
}
