package dev.consentgw.gateway.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the command line (and its environment fallbacks) asks for: {@code --config <file>} (else
 * {@code CGW_CONFIG}), {@code --port <n>} (else {@code PORT}, read by the defaults file), {@code --help},
 * {@code --exit-when-ready}.
 *
 * @param configFile the operator's configuration file, or null for the built-in defaults
 * @param port the port to listen on, overriding the configuration; null to keep it
 * @param exitWhenReady start, answer one readiness check, drain and exit 0 (the build's class-data
 *     sharing training run)
 */
record CommandLine(Path configFile, Integer port, boolean help, boolean exitWhenReady) {

  static final String USAGE = """
      usage: java -jar consent-gateway.jar [--config <file.yaml>] [--port <n>] [--exit-when-ready] [--help]

        --config <file.yaml>  settings merged over the built-in defaults (env CGW_CONFIG);
                              every setting is documented in gateway-defaults.yaml
        --port <n>            the port to listen on (env PORT; default 8080; 0 = any free port)
        --exit-when-ready     start, check /health/ready once, drain and exit (the build runs
                              this to record the class-data archive that halves start-up)
        --help                print this and exit

      Without a configuration the gateway starts its embedded sandbox: simulated Wych and Yapily,
      a demo tenant, and the docs at /docs.""";

  private static final int MAX_PORT = 65_535;

  /** @throws IllegalArgumentException naming what is wrong with the arguments */
  static CommandLine parse(String[] args, Function<String, String> environment) {
    String config = environment.apply("CGW_CONFIG");
    Integer port = null;
    boolean exitWhenReady = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          return new CommandLine(null, null, true, false);
        }
        case "--config" -> config = value(args, ++i, "--config");
        case "--port" -> port = port(value(args, ++i, "--port"));
        case "--exit-when-ready" -> exitWhenReady = true;
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    Path file = config == null || config.isBlank() ? null : Path.of(config);
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException("configuration file not readable: " + file);
    }
    return new CommandLine(file, port, false, exitWhenReady);
  }

  /** The configuration overrides the command line makes, as YAML merged last; null when none. */
  String overrides() {
    return port == null ? null : "server: {port: " + port + "}";
  }

  private static String value(String[] args, int at, String option) {
    if (at >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[at];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= MAX_PORT) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to " + MAX_PORT + ": " + text);
  }
}
