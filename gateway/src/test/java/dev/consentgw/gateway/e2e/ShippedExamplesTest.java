package dev.consentgw.gateway.e2e;

import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.app.GatewayServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable examples under {@code examples/} compile against the generated SDK and walk a full
 * journey against a gateway started with its defaults, as the README tells a newcomer to run them.
 */
class ShippedExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  private static Vertx vertx;
  private static GatewayServer gateway;
  private static String demoKey;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig config = new ConfigLoader(name -> null).loadWithOverrides("server: {port: 0, host: 127.0.0.1}");
    demoKey = config.sandbox().demoApiKey();
    gateway = GatewayServer.start(vertx, config, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theJavaSdkExampleCompilesAndCompletesAJourney(@TempDir Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int result = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), "-Xlint:all", "-Werror",
        EXAMPLES.resolve("java/SandboxJourney.java").toString());
    assertThat(result).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Object status = loader.loadClass("SandboxJourney").getMethod("journey", String.class, String.class)
          .invoke(null, gateway.publicBaseUrl(), demoKey);
      assertThat(status).isEqualTo("revoked");
    }
  }

  @Test
  void theHttpCollectionUsesTheSandboxDefaults() throws Exception {
    String collection = Files.readString(EXAMPLES.resolve("consent-gateway.http"));

    assertThat(collection).contains("@key = " + demoKey, "q=thistle", "{{$guid}}", "{{create.response.body.$.id}}")
        .doesNotContain("<consent id>", "Idempotency-Key: demo");
  }
}
