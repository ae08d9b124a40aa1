package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.UUID;

/** {@code POST /users}, {@code GET /users} (both bare) and {@code DELETE /users/{userUuid}} (envelope). */
final class UserEndpoints {

  private final YapilySandboxState state;

  UserEndpoints(YapilySandboxState state) {
    this.state = state;
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of("addUser", this::add, "getUsers", this::find, "deleteUser", this::delete);
  }

  private void add(RoutingContext rc) {
    String applicationUserId = ValidatedInputs.body(rc).getString("applicationUserId");
    if (applicationUserId == null || applicationUserId.isBlank()) {
      throw SimulatorError.legacy(400, "applicationUserId is required.");
    }
    SimulatedUser user = state.addUser(applicationUserId)
        .orElseThrow(() -> SimulatorError.legacy(409, "A user with this applicationUserId already exists."));
    YapilyResponses.json(rc, 201, user.toJson());
  }

  private void find(RoutingContext rc) {
    JsonArray users = new JsonArray();
    state.users(ValidatedInputs.strings(rc, "filter[applicationUserId]")).forEach(user -> users.add(user.toJson()));
    YapilyResponses.json(rc, 200, users);
  }

  private void delete(RoutingContext rc) {
    UUID uuid = ValidatedInputs.uuidPathParam(rc, "userUuid", "User");
    YapilySandboxState.DeletedUser deleted = state.deleteUser(uuid)
        .orElseThrow(() -> SimulatorError.legacy(404, "User not found."));
    JsonArray consents = new JsonArray();
    deleted.consents().forEach(consent -> consents.add(ConsentEndpoints.deletion(consent)));
    YapilyResponses.json(rc, 200, YapilyResponses.envelope(new JsonObject()
        .put("id", deleted.user().uuid().toString())
        .put("deleteStatus", "SUCCESS")
        .put("creationDate", deleted.user().createdAt().toString())
        .put("userConsents", consents)));
  }
}
