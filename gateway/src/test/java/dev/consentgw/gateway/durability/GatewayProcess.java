package dev.consentgw.gateway.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar run as a child process ({@code java -jar}), as an operator runs it. */
final class GatewayProcess implements AutoCloseable {

  private static final Pattern FACADE_LINE = Pattern.compile("Facade:\\s+(http://\\S+)/v1");

  final Process process;
  final String baseUrl;
  final List<String> output;

  private GatewayProcess(Process process, String baseUrl, List<String> output) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.output = output;
  }

  /** Starts the jar with this configuration and environment; returns once its banner is printed. */
  static GatewayProcess start(String yaml, Map<String, String> environment) throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar"));
    Path config = Files.createTempFile("gateway", ".yaml");
    Files.writeString(config, yaml);
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString(), "--config", config.toString()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("CGW_LOG_LEVEL", "INFO");
    Process process = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> readBanner(process, output));
    try {
      return new GatewayProcess(process, banner.get(90, TimeUnit.SECONDS), output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("gateway did not start:\n" + String.join("\n", output), e);
    }
  }

  private static String readBanner(Process process, List<String> output) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        Matcher facade = FACADE_LINE.matcher(line);
        if (facade.find()) {
          // Keep draining so the child never blocks on a full pipe.
          CompletableFuture.runAsync(() -> reader.lines().forEach(output::add));
          return facade.group(1);
        }
      }
      throw new IllegalStateException("exited before its banner");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9}: nothing is flushed, nothing is closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM; the exit code once the process ended. */
  int terminate() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("no exit after SIGTERM:\n" + String.join("\n", output));
    }
    return process.exitValue();
  }

  String log() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
