package dev.consentgw.gateway.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI rendering {@code /openapi.yaml}. The UI's assets come from the
 * swagger-ui webjar inside the jar; nothing is fetched from the internet.
 */
public final class DocsHandler implements Handler<RoutingContext> {

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Consent Gateway API</title>
        <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/assets/swagger-ui-bundle.js"></script>
        <script src="/docs/init.js"></script>
      </body>
      </html>
      """;
  // Served as a file, not inline, so the page works under a strict Content-Security-Policy.
  private static final String INIT = """
      window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true%s });
      """;
  // The sandbox's demo key is public (the banner prints it); production docs never carry a key.
  private static final String PREAUTHORIZE = """
      , onComplete: function () { window.ui.preauthorizeApiKey('bearerAuth', %s); }""";

  /**
   * Mounts {@code /docs}, {@code /docs/init.js} and {@code /docs/assets/*}.
   *
   * @param demoApiKey the sandbox demo key the Authorize dialog is pre-filled with, or empty
   */
  public static void mount(Router router, Optional<String> demoApiKey) {
    DocsHandler page = new DocsHandler();
    String init = INIT.formatted(demoApiKey.map(key -> PREAUTHORIZE.formatted(Json.encode(key))).orElse(""));
    router.get("/docs").handler(page);
    router.get("/docs/init.js").handler(rc -> rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8").end(init));
    router.get("/docs/assets/*").handler(StaticHandler.create(WEBJAR + webjarVersion()).setCachingEnabled(true));
  }

  @Override
  public void handle(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(PAGE);
  }

  private static String webjarVersion() {
    try (InputStream in = DocsHandler.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
