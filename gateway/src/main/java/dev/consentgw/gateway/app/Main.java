package dev.consentgw.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar consent-gateway.jar [--config file.yaml] [--port n]}: starts the gateway. Without a
 * configuration it runs the embedded sandbox on port 8080.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;
  /** Beyond the drain period: time to close the pools and Vert.x itself. */
  private static final long CLOSE_MARGIN_MILLIS = 5000;

  private Main() {
  }

  public static void main(String[] args) {
    CommandLine command;
    try {
      command = CommandLine.parse(args, System::getenv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    if (command.help()) {
      System.out.println(CommandLine.USAGE);
      return;
    }
    GatewayConfig config;
    try {
      config = ConfigLoader.fromSystemEnvironment().load(command.configFile(), command.overrides());
    } catch (Exception e) {
      System.err.println("cannot load configuration: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    LogSetup.apply(config.logging());
    Telemetry telemetry = Telemetry.create(config);
    Vertx vertx = telemetry.vertx();
    GatewayServer.start(vertx, telemetry, config, Clock.systemUTC())
        .onSuccess(server -> {
          onTermination(() -> shutDown(server, vertx, telemetry));
          printBanner(System.out, config, server.publicBaseUrl());
          if (command.exitWhenReady()) {
            checkReadyThenExit(vertx, server, telemetry);
          }
        })
        .onFailure(e -> {
          if (portInUse(e)) {
            // One line that names the port and the way out; the stack trace would only hide it.
            System.err.println("Port " + config.server().port() + " is already in use: start with --port <n>"
                + " (or PORT=<n>), or stop what is listening there.");
          } else {
            LOG.error("gateway failed to start: {}", e.getMessage(), e);
          }
          vertx.close().onComplete(v -> System.exit(EXIT_START_FAILED));
        });
  }

  /**
   * SIGTERM (and SIGINT) drain the gateway, then exit 0. A signal handler rather than a shutdown
   * hook: a JVM ended by a hook exits 143, and a hook may not call {@code System.exit}.
   */
  private static void onTermination(Runnable drain) {
    AtomicBoolean started = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (started.compareAndSet(false, true)) {
        // Off the signal thread: the drain waits for requests in flight.
        new Thread(() -> {
          drain.run();
          System.exit(0);
        }, "gateway-shutdown").start();
      }
    };
    Signal.handle(new Signal("TERM"), handler);
    Signal.handle(new Signal("INT"), handler);
  }

  /**
   * Runs on its own thread (never an event loop): drains and closes the server, then Vert.x, each
   * from this thread so that no completion is handed to an event loop that is shutting down.
   */
  private static void shutDown(GatewayServer server, Vertx vertx, Telemetry telemetry) {
    long limit = server.drainPeriod().toMillis() + CLOSE_MARGIN_MILLIS;
    LOG.info("shutting down: no new connections, requests in flight get up to {} ms", server.drainPeriod().toMillis());
    if (awaitQuietly(server.close(), limit) && awaitQuietly(vertx.close(), CLOSE_MARGIN_MILLIS)) {
      telemetry.close();
      LOG.info("stopped");
      return;
    }
    LOG.warn("shutdown did not finish within {} ms", limit);
  }

  /**
   * One readiness request through the whole server (so its classes are loaded too), then the normal
   * drain; exits 0 when the gateway answered at all, so the archive records a start-up that worked.
   */
  private static void checkReadyThenExit(Vertx vertx, GatewayServer server, Telemetry telemetry) {
    HttpClient client = vertx.createHttpClient();
    client.request(HttpMethod.GET, server.port(), "localhost", "/health/ready")
        .compose(request -> request.send().compose(response -> response.body().map(response.statusCode())))
        .onComplete(answer -> new Thread(() -> {
          LOG.info("readiness check answered {}", answer.succeeded() ? answer.result() : answer.cause().toString());
          client.close();
          shutDown(server, vertx, telemetry);
          System.exit(answer.succeeded() ? 0 : EXIT_START_FAILED);
        }, "gateway-shutdown").start());
  }

  private static boolean awaitQuietly(Future<?> future, long millis) {
    CountDownLatch done = new CountDownLatch(1);
    future.onComplete(result -> done.countDown());
    try {
      return done.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean portInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
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
