package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A user of the simulated Yapily application. */
record SimulatedUser(UUID uuid, UUID applicationUuid, String applicationUserId, Instant createdAt) {

  /** Yapily's {@code ApplicationUser}. */
  JsonObject toJson() {
    return new JsonObject()
        .put("uuid", uuid.toString())
        .put("applicationUuid", applicationUuid.toString())
        .put("applicationUserId", applicationUserId)
        .put("createdAt", createdAt.toString());
  }
}
