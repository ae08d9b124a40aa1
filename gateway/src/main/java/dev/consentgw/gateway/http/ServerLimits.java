package dev.consentgw.gateway.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code server.limits} section: what one client may hold of the server. Defaults live in
 * {@code gateway-defaults.yaml}.
 *
 * @param idleTimeout a connection on which nothing is read or written for this long is closed
 * @param requestHeaderTimeout a connection must deliver a complete request head within this long
 *     of opening, and of its previous response (a keep-alive connection waiting longer is closed;
 *     between requests the check runs every this long, so it closes within twice this)
 * @param requestBodyTimeout a request's body must arrive within this long of its head
 * @param maxConnections connections open at once; more are closed as soon as they are accepted
 * @param maxHeaderBytes largest request head (all header lines), else 431
 * @param maxUriLength longest request line, else 414
 */
public record ServerLimits(Duration idleTimeout, Duration requestHeaderTimeout, Duration requestBodyTimeout,
    int maxConnections, int maxHeaderBytes, int maxUriLength) {

  /** Everything wrong with these limits, each prefixed with {@code at} (the section's path). */
  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    positive(problems, at + ".idleTimeout", idleTimeout);
    positive(problems, at + ".requestHeaderTimeout", requestHeaderTimeout);
    positive(problems, at + ".requestBodyTimeout", requestBodyTimeout);
    if (maxConnections < 1) {
      problems.add(at + ".maxConnections must be at least 1");
    }
    if (maxHeaderBytes < 1024) {
      problems.add(at + ".maxHeaderBytes must be at least 1024");
    }
    if (maxUriLength < 256) {
      problems.add(at + ".maxUriLength must be at least 256");
    }
    return problems;
  }

  private static void positive(List<String> problems, String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(name + " must be positive");
    }
  }
}
