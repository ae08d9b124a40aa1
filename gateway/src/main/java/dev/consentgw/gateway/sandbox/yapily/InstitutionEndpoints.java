package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** {@code GET /institutions} (list envelope) and {@code GET /institutions/{institutionId}} (bare). */
final class InstitutionEndpoints {

  private final YapilySandboxInstitutions institutions;

  InstitutionEndpoints(YapilySandboxInstitutions institutions) {
    this.institutions = institutions;
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of("getInstitutions", this::list, "getInstitution", this::one);
  }

  private void list(RoutingContext rc) {
    JsonObject meta = new JsonObject()
        .put("tracingId", YapilyResponses.tracingId())
        .put("count", institutions.size())
        .put("pagination", new JsonObject().put("totalCount", institutions.size()));
    JsonObject links = new JsonObject().put("self", SandboxUrls.base(rc) + "/institutions");
    // The catalogue's JSON is encoded once; only the envelope around it is per request.
    YapilyResponses.rawJson(rc, 200,
        "{\"meta\":" + meta.encode() + ",\"data\":" + institutions.dataJson() + ",\"links\":" + links.encode() + "}");
  }

  private void one(RoutingContext rc) {
    SandboxInstitution institution = institutions.find(rc.pathParam("institutionId"))
        .orElseThrow(() -> SimulatorError.legacy(404, "Institution not found."));
    YapilyResponses.json(rc, 200, institution.toJson());
  }
}
