package dev.consentgw.gateway.store;

/** The outcome of claiming an idempotency key. */
public sealed interface IdempotencyClaim {

  /**
   * The key was free: the caller runs the request and then completes or abandons the key.
   *
   * @param resourceId the id the request must create its resource under: the one proposed, or the one
   *     an earlier claim on this key reserved and never completed (its node died, or its store write
   *     failed) — if that resource exists, the earlier request did succeed and is to be replayed
   */
  record Claimed(String resourceId) implements IdempotencyClaim {
  }

  /** A request with this key and the same fingerprint already finished: replay its response. */
  record Replay(StoredResponse response) implements IdempotencyClaim {
  }

  /** A request with this key and the same fingerprint is still running. */
  record InProgress() implements IdempotencyClaim {
  }

  /** The key was used with a different request body. */
  record Conflict() implements IdempotencyClaim {
  }
}
