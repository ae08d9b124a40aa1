package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * One fictitious institution of the simulator.
 *
 * @param media image type ({@code logo}, {@code icon}) to URL
 * @param bankFails whether the bank side fails every authorisation request (answered 424)
 */
record SandboxInstitution(
    String id,
    String name,
    String fullName,
    String countryCode,
    String countryName,
    String credentialsType,
    Map<String, String> media,
    List<String> features,
    boolean bankFails) {

  static final String PRE_AUTHORISATION = "INITIATE_PRE_AUTHORISATION";
  static final String PRE_AUTHORISATION_ACCOUNTS = "INITIATE_PRE_AUTHORISATION_ACCOUNTS";

  SandboxInstitution {
    media = Map.copyOf(media);
    features = List.copyOf(features);
  }

  boolean needsPreAuthorisation() {
    return features.contains(PRE_AUTHORISATION) || features.contains(PRE_AUTHORISATION_ACCOUNTS);
  }

  boolean offers(String feature) {
    return features.contains(feature);
  }

  JsonObject toJson() {
    JsonArray images = new JsonArray();
    media.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> images.add(new JsonObject().put("source", e.getValue()).put("type", e.getKey())));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("fullName", fullName)
        .put("countries", new JsonArray().add(new JsonObject().put("displayName", countryName).put("countryCode2", countryCode)))
        .put("environmentType", "SANDBOX")
        .put("credentialsType", credentialsType)
        .put("media", images)
        .put("features", new JsonArray(features));
  }
}
