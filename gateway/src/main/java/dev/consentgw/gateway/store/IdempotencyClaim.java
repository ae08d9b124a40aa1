package dev.consentgw.gateway.store;

/** The outcome of claiming an idempotency key. */
public sealed interface IdempotencyClaim {

  /** The key was free: the caller runs the request and then completes or abandons the key. */
  record Claimed() implements IdempotencyClaim {
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
