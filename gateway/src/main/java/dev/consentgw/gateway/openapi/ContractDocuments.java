package dev.consentgw.gateway.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI documents of {@code openapi/}, packaged on the classpath under {@code openapi/}: the
 * published facade contract and the two provider documents the sandbox validates against.
 */
public final class ContractDocuments {

  public static final String FACADE = "facade.yaml";
  public static final String WYCH = "wych.yaml";
  public static final String YAPILY = "yapily.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ContractDocuments() {
  }

  /** The document's bytes exactly as published. */
  public static Buffer raw(String name) {
    try (InputStream in = ContractDocuments.class.getClassLoader().getResourceAsStream("openapi/" + name)) {
      if (in == null) {
        throw new IllegalStateException("openapi/" + name + " is not on the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as JSON. */
  @SuppressWarnings("unchecked")
  public static JsonObject json(String name) {
    try {
      return new JsonObject(YAML.readValue(raw(name).getBytes(), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads a document into a router contract. vertx-openapi 5.0 rejects response media types such
   * as {@code application/problem+json} and {@code text/html} (fixed in 5.1) and never validates
   * responses, so response content is dropped from the in-memory copy; {@code dropPaths} are
   * removed too (operations the caller serves by hand, e.g. a form-encoded token endpoint).
   */
  public static Future<OpenAPIContract> routerContract(Vertx vertx, String name, Set<String> dropPaths) {
    JsonObject doc = json(name);
    JsonObject paths = doc.getJsonObject("paths");
    dropPaths.forEach(paths::remove);
    paths.forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        stripContent(operation.getJsonObject("responses"));
      }
    }));
    stripContent(doc.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject()));
    return OpenAPIContract.from(vertx, doc);
  }

  private static void stripContent(JsonObject responses) {
    responses.forEach(r -> {
      if (r.getValue() instanceof JsonObject response) {
        response.remove("content");
      }
    });
  }
}
