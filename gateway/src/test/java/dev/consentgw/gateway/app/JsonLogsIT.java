package dev.consentgw.gateway.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with {@code logging.format: json} in its configuration file (not the
 * environment): every log line it writes is one JSON object, from start-up to shutdown.
 */
class JsonLogsIT {

  @Test
  void theConfigurationSwitchesTheWholeProcessToJsonLines() throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar"));
    Path config = Files.createTempFile("gateway", ".yaml");
    Files.writeString(config, """
        server: {port: 0, host: 127.0.0.1}
        logging: {format: json, level: DEBUG}
        """);
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--config", config.toString()).redirectErrorStream(true);
    builder.environment().remove("CGW_LOG_FORMAT");
    builder.environment().remove("CGW_LOG_LEVEL");
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.contains("gateway listening on")) {
            process.toHandle().destroy();
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("started, then stopped by SIGTERM").isTrue();
    read.get(10, TimeUnit.SECONDS);

    List<JsonObject> records = lines.stream().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    assertThat(records).anySatisfy(r -> assertThat(r.getString("message")).startsWith("gateway listening on"));
    assertThat(records).anySatisfy(r -> assertThat(r.getString("level")).isEqualTo("DEBUG"));
    assertThat(records).allSatisfy(r -> assertThat(r.fieldNames()).contains("timestamp", "level", "logger", "message"));
    // Besides the JSON records only the start-up banner (printed, not logged) may appear.
    assertThat(lines.stream().filter(l -> !l.startsWith("{") && !l.isBlank()))
        .allSatisfy(l -> assertThat(l).matches("  (Consent Gateway is running.*|  \\S.*)"));
  }
}
