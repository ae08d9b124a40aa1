package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 1 (connection exhaustion): idle and slowloris connections are closed on time, excess
 * connections are refused at once, and a normal request is answered meanwhile.
 */
class ServerLimitsTest {

  private static final int CAP = 2400;
  private static final Duration HEAD_DEADLINE = Duration.ofSeconds(3);
  /** The server's clock starts at accept, a little before the client notes its socket open. */
  private static final Duration CLOCK_SLACK = Duration.ofMillis(100);
  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        server:
          limits:
            idleTimeout: PT20S
            requestHeaderTimeout: %s
            requestBodyTimeout: PT2S
            maxConnections: %d
        """.formatted(HEAD_DEADLINE, CAP));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void idleAndHalfSentConnectionsNeitherStarveRequestsNorOutstayTheirDeadline() throws Exception {
    int port = kit.server.port();
    int attackers = SocketSwarm.affordableConnections(2000);
    try (SocketSwarm swarm = new SocketSwarm()) {
      swarm.open(port, attackers / 2, "");
      swarm.open(port, attackers - attackers / 2, "GET /v1/institutions HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");

      HttpResponse<String> normal = fresh().send(HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/health/live"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(normal.statusCode()).isEqualTo(200);

      await().atMost(HEAD_DEADLINE.multipliedBy(2).plusSeconds(5)).pollInterval(Duration.ofMillis(100))
          .until(() -> swarm.closedByServer() == attackers);
      assertThat(swarm.shortestLife()).as("none closed before its deadline").isGreaterThanOrEqualTo(HEAD_DEADLINE.minus(CLOCK_SLACK));
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndServiceResumes() throws Exception {
    int port = kit.server.port();
    int attackers = SocketSwarm.affordableConnections(CAP + 300);
    int beyondCap = attackers - CAP;
    try (SocketSwarm swarm = new SocketSwarm()) {
      swarm.open(port, attackers, "");

      await().atMost(HEAD_DEADLINE.multipliedBy(2).plusSeconds(5)).pollInterval(Duration.ofMillis(100))
          .until(() -> swarm.closedByServer() == attackers);
      // Refused ones were closed at once; the others lived until their head deadline.
      assertThat(swarm.closedSooner(HEAD_DEADLINE.minus(CLOCK_SLACK))).isGreaterThanOrEqualTo(beyondCap).isLessThan(attackers);
      HttpResponse<String> normal = fresh().send(HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/health/live"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(normal.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBodyThatNeverArrivesIsAnsweredWithRequestTimeoutAndTheConnectionClosed() throws Exception {
    RawHttp.Response response = RawHttp.exchange(kit.server.port(), """
        POST /v1/consents HTTP/1.1\r
        Host: localhost\r
        Authorization: Bearer %s\r
        Content-Type: application/json\r
        Content-Length: 100\r
        \r
        {"institutionId":""".formatted(GatewayTestKit.ACME_KEY));

    assertThat(response.status()).isEqualTo(408);
    assertThat(response.header("Connection")).isEqualTo("close");
    assertThat(response.header("X-Request-Id")).isNotBlank();
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("request_timeout");
    assertThat(problem.getString("traceId")).isEqualTo(response.header("X-Request-Id"));
  }

  private static HttpClient fresh() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }
}
