package dev.consentgw.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar consent-gateway.jar [--config file.yaml]}: starts the gateway. Without a
 * configuration it runs the embedded sandbox on port 8080.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private Main() {
  }

  public static void main(String[] args) {
    Path configFile;
    try {
      configFile = configFile(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: java -jar consent-gateway.jar [--config <file.yaml>]");
      System.exit(EXIT_USAGE);
      return;
    }
    GatewayConfig config;
    try {
      config = ConfigLoader.fromSystemEnvironment().load(configFile);
    } catch (Exception e) {
      System.err.println("cannot load configuration: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    Vertx vertx = Vertx.vertx();
    GatewayServer.start(vertx, config, Clock.systemUTC())
        .onSuccess(server -> {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(server, vertx), "gateway-shutdown"));
          printBanner(System.out, config, server.publicBaseUrl());
        })
        .onFailure(e -> {
          LOG.error("gateway failed to start: {}", e.getMessage(), e);
          vertx.close().onComplete(v -> System.exit(EXIT_START_FAILED));
        });
  }

  /**
   * Runs on the JVM's shutdown-hook thread (never an event loop): closes the server, then Vert.x,
   * each from this thread so that no completion is handed to an event loop that is shutting down.
   */
  private static void shutDown(GatewayServer server, Vertx vertx) {
    LOG.info("shutting down");
    if (awaitQuietly(server.close()) && awaitQuietly(vertx.close())) {
      return;
    }
    LOG.warn("shutdown did not finish within {} s", SHUTDOWN_GRACE_SECONDS);
  }

  private static boolean awaitQuietly(Future<?> future) {
    CountDownLatch done = new CountDownLatch(1);
    future.onComplete(result -> done.countDown());
    try {
      return done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Path configFile(String[] args) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 2 && args[0].equals("--config")) {
      Path file = Path.of(args[1]);
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("configuration file not readable: " + file);
      }
      return file;
    }
    throw new IllegalArgumentException("unexpected arguments");
  }

  static void printBanner(PrintStream out, GatewayConfig config, String baseUrl) {
    out.println();
    out.println("  Consent Gateway is running" + (config.sandbox().enabled() ? " (embedded sandbox)" : ""));
    out.println("    Facade:   " + baseUrl + "/v1");
    out.println("    Docs:     " + baseUrl + "/docs   (contract: " + baseUrl + "/openapi.yaml)");
    if (config.sandbox().enabled()) {
      String key = config.sandbox().demoApiKey();
      out.println("    API key:  " + key + "   (demo tenant, sandbox only)");
      out.println("    Try:      curl -s -H 'Authorization: Bearer " + key + "' '" + baseUrl
          + "/v1/institutions?limit=5'");
    }
    out.println();
  }
}
