package dev.consentgw.gateway.ops;

import dev.consentgw.gateway.http.Html;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /}: in sandbox mode the demo fintech's console (plain HTML, CSS and JS from the jar's
 * {@code console/} resources, scripts and styles as files so a strict Content-Security-Policy
 * holds); otherwise a short JSON pointer to the documentation.
 */
public final class ConsoleHandler {

  /** Where the console's redirect URL points: the console itself reads the outcome from the query. */
  public static final String RETURN_PATH = "/";

  private static final String RESOURCES = "console/";
  private static final Map<String, String> ASSETS = Map.of(
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8",
      "sandbox.css", "text/css; charset=utf-8");
  private static final String KEY_PLACEHOLDER = "{{demoApiKey}}";

  private ConsoleHandler() {
  }

  /**
   * Mounts {@code /} and the console's assets.
   *
   * @param demoApiKey the public sandbox demo key, or empty when the sandbox is off
   */
  public static void mount(Router router, Optional<String> demoApiKey) {
    if (demoApiKey.isEmpty()) {
      Buffer pointer = new JsonObject()
          .put("title", "Consent Gateway")
          .put("docs", "/docs")
          .put("contract", "/openapi.yaml")
          .put("detail", "The API lives under /v1; see /docs for the reference and /openapi.yaml for the contract.")
          .toBuffer();
      router.get(RETURN_PATH).handler(rc -> rc.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(pointer));
      return;
    }
    Buffer page = Buffer.buffer(read("index.html").replace(KEY_PLACEHOLDER, Html.escape(demoApiKey.get())));
    router.get(RETURN_PATH).handler(rc -> rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(page));
    ASSETS.forEach((name, type) -> {
      Buffer asset = Buffer.buffer(read(name));
      router.get("/console/" + name).handler(rc -> serve(rc, type, asset));
    });
  }

  private static void serve(RoutingContext rc, String type, Buffer asset) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(asset);
  }

  private static String read(String name) {
    try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("console resource missing from the jar: " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
