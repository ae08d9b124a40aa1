package dev.consentgw.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test access to the documents in {@code openapi/}, as JSON. */
final class ContractFiles {

  static final Path OPENAPI_DIR = Path.of("..", "openapi");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ContractFiles() {
  }

  @SuppressWarnings("unchecked")
  static JsonObject load(String fileName) {
    try {
      return new JsonObject(YAML.readValue(Files.readString(OPENAPI_DIR.resolve(fileName)), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document as vertx-openapi 5.0 can load it. It rejects response media types such as
   * {@code application/problem+json} and {@code text/html} (fixed only in 5.1); the router never
   * validates responses, so response content is dropped in memory only.
   */
  static JsonObject loadForRouter(String fileName) {
    JsonObject doc = load(fileName);
    doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.getJsonObject("responses").forEach(r -> ((JsonObject) r.getValue()).remove("content"));
      }
    }));
    JsonObject components = doc.getJsonObject("components", new JsonObject());
    components.getJsonObject("responses", new JsonObject()).forEach(r -> ((JsonObject) r.getValue()).remove("content"));
    return doc;
  }
}
