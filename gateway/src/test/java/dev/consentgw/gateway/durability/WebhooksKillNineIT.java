package dev.consentgw.gateway.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.consentgw.gateway.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks survive {@code kill -9} (packaged jar, embedded PostgreSQL): events whose deliveries are
 * still pending when the node dies are delivered after it restarts, with the same webhook-id.
 */
class WebhooksKillNineIT {

  private static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static GatewayProcess provider;
  private static HttpServer receiver;
  private static final AtomicBoolean up = new AtomicBoolean();
  /** webhook-id of every request that was answered 2xx. */
  private static final List<String> delivered = new CopyOnWriteArrayList<>();
  private static final List<String> refused = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    provider = GatewayProcess.start("server: {port: 0, host: 127.0.0.1}\n", Map.of());
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      int status = up.get() ? 204 : 503;
      (status == 204 ? delivered : refused).add(id);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stop() throws Exception {
    receiver.stop(0);
    provider.close();
  }

  private static GatewayProcess node(int port, String db) throws Exception {
    String yaml = PostgresNodesIT.nodeConfig(port, provider.baseUrl + "/sandbox/yapily") + """
        sandbox: {webhookTenant: ""}
        events: {delivery: {allowPrivateDestinations: true, pollInterval: PT0.2S,
                            schedule: [PT1S, PT2S, PT24H]}}
        webhooks:
          - {id: it-receiver, tenant: demo, url: "http://localhost:%d/hook", secret: %s}
        """.formatted(receiver.getAddress().getPort(), SECRET);
    return GatewayProcess.start(yaml, Map.of("CGW_POSTGRES_URL", db, "CGW_TOKEN_ENCRYPTION_KEY", TOKEN_KEY));
  }

  @Test
  void deliveriesPendingAtKillMinusNineAreDeliveredAfterTheRestart() throws Exception {
    String db = TestDatabase.url("webhooks_kill_nine");
    int port = GatewayProcess.freePort();
    List<String> eventIds = new ArrayList<>();
    try (GatewayProcess node = node(port, db)) {
      for (int i = 0; i < 3; i++) {
        JsonNode consent = Facade.json(Facade.create(node.baseUrl, "webhook-user", null));
        String back = Facade.approveAtBank(consent.get("authorisationUrl").asText());
        assertThat(Facade.call("GET", back, false).statusCode()).isEqualTo(303);
      }
      HttpResponse<String> feed = Facade.call("GET", node.baseUrl + "/v1/events", true);
      Facade.json(feed).get("data").forEach(e -> eventIds.add(e.get("id").asText()));
      assertThat(eventIds).hasSize(3);
      await().atMost(Duration.ofSeconds(30)).until(() -> Set.copyOf(refused).containsAll(eventIds));
      node.kill();
    }
    assertThat(delivered).isEmpty();
    up.set(true);

    try (GatewayProcess restarted = node(port, db)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> Set.copyOf(delivered).containsAll(eventIds));
      assertThat(delivered).as("only these events, each with its own id").containsOnlyElementsOf(eventIds);
      for (String id : eventIds) {
        JsonNode deliveries = Facade.json(Facade.call("GET", restarted.baseUrl + "/v1/events/" + id + "/deliveries",
            true)).get("data");
        await().atMost(Duration.ofSeconds(10)).until(() -> Facade.json(Facade.call("GET",
            restarted.baseUrl + "/v1/events/" + id + "/deliveries", true)).get("data").get(0).get("status").asText()
            .equals("delivered"));
        assertThat(deliveries.get(0).get("endpointId").asText()).isEqualTo("it-receiver");
      }
    }
  }
}
