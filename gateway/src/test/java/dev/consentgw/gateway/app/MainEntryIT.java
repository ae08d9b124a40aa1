package dev.consentgw.gateway.app;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar as a user would ({@code java -jar}), on a free port, reads the banner,
 * calls the contract, the docs and one facade operation, then stops it with SIGTERM.
 */
class MainEntryIT {

  private static final Pattern FACADE_LINE = Pattern.compile("Facade:\\s+(http://\\S+)/v1");
  private static final Pattern KEY_LINE = Pattern.compile("API key:\\s+(\\S+)");
  private static final AtomicReference<CompletableFuture<Void>> DRAINED = new AtomicReference<>();

  @Test
  void theJarStartsTheSandboxServesAndShutsDownCleanly() throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar"));
    assertThat(jar).exists();
    Path config = Files.createTempFile("gateway", ".yaml");
    Files.writeString(config, "server: {port: 0, host: 127.0.0.1}\n");
    Process process = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "--config", config.toString())
        .redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    try {
      CompletableFuture<String[]> banner = CompletableFuture.supplyAsync(() -> readBanner(process, output));
      String[] found = banner.get(60, TimeUnit.SECONDS);
      String base = found[0];
      String key = found[1];
      HttpClient http = HttpClient.newHttpClient();

      assertThat(get(http, base + "/openapi.yaml", null).body()).startsWith("openapi: 3.1.0");
      assertThat(get(http, base + "/docs", null).body()).contains("swagger-ui");
      HttpResponse<String> institutions = get(http, base + "/v1/institutions?limit=5", key);
      assertThat(institutions.statusCode()).isEqualTo(200);
      assertThat(institutions.body()).contains("\"providers\"");
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close the pipes still being read.
      process.toHandle().destroy();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
    assertThat(process.exitValue()).as("a clean shutdown exits 0").isZero();
    DRAINED.get().get(10, TimeUnit.SECONDS);
    assertThat(String.join("\n", output)).contains("shutting down");
    assertThat(String.join("\n", output)).doesNotContain("Exception");
  }

  @Test
  void aBusyPortIsOneLineThatNamesThePortAndTheWayOut() throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar"));
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Path config = Files.createTempFile("gateway", ".yaml");
      Files.writeString(config, "server: {host: 127.0.0.1}\n");
      Process process = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "--config", config.toString(),
          "--port", String.valueOf(taken.getLocalPort())).start();
      CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(Main.EXIT_START_FAILED);
      assertThat(errors.get(10, TimeUnit.SECONDS).strip()).isEqualTo("Port " + taken.getLocalPort()
          + " is already in use: start with --port <n> (or PORT=<n>), or stop what is listening there.");
    }
  }

  @Test
  void helpPrintsUsageAndExitsZero() throws Exception {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar"));
    Process process = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output.get(10, TimeUnit.SECONDS)).startsWith("usage: java -jar consent-gateway.jar").contains("--port <n>");
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String[] readBanner(Process process, List<String> output) {
    // Not closed here: after the banner, a background task keeps draining the child's output.
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String base = null;
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        Matcher facade = FACADE_LINE.matcher(line);
        if (facade.find()) {
          base = facade.group(1);
        }
        Matcher key = KEY_LINE.matcher(line);
        if (key.find() && base != null) {
          // Keep draining so the child never blocks on a full pipe; done when the child exits.
          DRAINED.set(CompletableFuture.runAsync(() -> reader.lines().forEach(output::add)));
          return new String[] {base, key.group(1)};
        }
      }
      throw new AssertionError("the gateway exited before printing its banner:\n" + String.join("\n", output));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
