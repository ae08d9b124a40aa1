package dev.consentgw.gateway.durability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentgw.gateway.store.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault tests on the packaged jar against embedded PostgreSQL: {@code kill -9} and restart, two
 * nodes on one database, the database stopping mid-traffic, SIGTERM under load. A separate sandbox
 * gateway process plays Yapily (its simulator), so that the provider outlives the nodes under test.
 */
class PostgresNodesIT {

  private static final String TOKEN_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static GatewayProcess provider;

  @BeforeAll
  static void startProvider() throws Exception {
    provider = GatewayProcess.start("server: {port: 0, host: 127.0.0.1}\n", Map.of());
  }

  @AfterAll
  static void stopProvider() throws Exception {
    provider.close();
  }

  static String nodeConfig(int port, String yapilyBaseUrl) {
    return """
        server: {port: %d, host: 127.0.0.1, drainPeriod: PT10S}
        providers:
          wych: {enabled: false}
          yapily: {baseUrl: "%s", applicationId: sandbox-yapily-application,
                   applicationSecret: sandbox-yapily-application-secret}
        """.formatted(port, yapilyBaseUrl);
  }

  static GatewayProcess node(int port, String databaseUrl) throws Exception {
    return node(port, databaseUrl, provider.baseUrl + "/sandbox/yapily");
  }

  static GatewayProcess node(int port, String databaseUrl, String yapilyBaseUrl) throws Exception {
    return GatewayProcess.start(nodeConfig(port, yapilyBaseUrl),
        Map.of("CGW_POSTGRES_URL", databaseUrl, "CGW_TOKEN_ENCRYPTION_KEY", TOKEN_KEY));
  }

  @Test
  void killMinusNineLosesNothing() throws Exception {
    String db = TestDatabase.url("kill_nine");
    int port = GatewayProcess.freePort();
    Map<String, String> statusById = new LinkedHashMap<>();
    List<String> pendingUrls = new ArrayList<>();
    String replayKey = UUID.randomUUID().toString();
    String originalBody;
    try (GatewayProcess node = node(port, db)) {
      for (int i = 0; i < 6; i++) {
        JsonNode consent = Facade.json(expect(201, Facade.create(node.baseUrl, "kill-user", null)));
        if (i % 2 == 0) {
          String back = Facade.approveAtBank(consent.get("authorisationUrl").asText());
          assertThat(Facade.call("GET", back, false).statusCode()).isEqualTo(303);
          statusById.put(consent.get("id").asText(), "authorized");
        } else {
          pendingUrls.add(consent.get("authorisationUrl").asText());
          statusById.put(consent.get("id").asText(), "awaiting_authorization");
        }
      }
      originalBody = expect(201, Facade.create(node.baseUrl, "kill-idem-user", replayKey)).body();
      node.kill();
    }

    try (GatewayProcess restarted = node(port, db)) {
      for (var entry : statusById.entrySet()) {
        JsonNode consent = Facade.json(expect(200,
            Facade.call("GET", restarted.baseUrl + "/v1/consents/" + entry.getKey(), true)));
        assertThat(consent.get("status").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
      }
      assertThat(Facade.json(expect(200, Facade.call("GET", restarted.baseUrl + "/v1/users/kill-user/consents", true)))
          .get("data")).hasSize(6);

      String back = Facade.approveAtBank(pendingUrls.get(0));
      HttpResponse<String> completed = Facade.call("GET", back, false);
      assertThat(completed.statusCode()).isEqualTo(303);
      assertThat(completed.headers().firstValue("Location").orElseThrow()).contains("status=authorized");

      HttpResponse<String> replay = expect(201, Facade.create(restarted.baseUrl, "kill-idem-user", replayKey));
      assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
      assertThat(replay.body()).isEqualTo(originalBody);
    }
  }

  @Test
  void twoNodesOnOneDatabaseServeAnyRequest() throws Exception {
    String db = TestDatabase.url("two_nodes");
    try (GatewayProcess a = node(GatewayProcess.freePort(), db); GatewayProcess b = node(GatewayProcess.freePort(), db)) {
      JsonNode created = Facade.json(expect(201, Facade.create(a.baseUrl, "two-user", null)));
      String id = created.get("id").asText();
      assertThat(Facade.json(expect(200, Facade.call("GET", b.baseUrl + "/v1/consents/" + id, true)))
          .get("status").asText()).isEqualTo("awaiting_authorization");

      // The load balancer sends the browser's return to B.
      String callbackOnA = Facade.approveAtBank(created.get("authorisationUrl").asText());
      HttpResponse<String> onB = Facade.call("GET", callbackOnA.replace(a.baseUrl, b.baseUrl), false);
      assertThat(onB.headers().firstValue("Location").orElseThrow()).contains("status=authorized");
      HttpResponse<String> againOnA = Facade.call("GET", callbackOnA, false);
      assertThat(againOnA.statusCode()).as("a journey link is single-use across nodes").isEqualTo(409);
      assertThat(againOnA.body()).contains("journey_already_completed");

      expect(204, Facade.call("DELETE", b.baseUrl + "/v1/consents/" + id, true));
      assertThat(Facade.json(expect(200, Facade.call("GET", a.baseUrl + "/v1/consents/" + id, true)))
          .get("status").asText()).isEqualTo("revoked");

      for (int round = 0; round < 5; round++) {
        String user = "race-user-" + round;
        String key = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<String>> toA = Facade.createAsync(a.baseUrl, user, key);
        CompletableFuture<HttpResponse<String>> toB = Facade.createAsync(b.baseUrl, user, key);
        List<HttpResponse<String>> both = List.of(toA.get(), toB.get());
        long originals = both.stream().filter(r -> r.statusCode() == 201
            && r.headers().firstValue("Idempotent-Replayed").isEmpty()).count();
        assertThat(originals).as("round %d: %s", round, both.stream().map(HttpResponse::body).toList()).isEqualTo(1);
        assertThat(both).allSatisfy(r -> assertThat(r.statusCode() == 201
            || (r.statusCode() == 409 && r.body().contains("idempotency_in_progress"))).isTrue());
        assertThat(Facade.json(Facade.call("GET", a.baseUrl + "/v1/users/" + user + "/consents", true)).get("data"))
            .as("one journey for one key").hasSize(1);
      }
    }
  }

  @Test
  void theDatabaseStoppingMidTrafficGives503ThenRecovers() throws Exception {
    Path data = Files.createTempDirectory("cgw-pg");
    int pgPort = GatewayProcess.freePort();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(data)
        .setCleanDataDirectory(false);
    EmbeddedPostgres pg = builder.start();
    String url = "postgresql://postgres:postgres@localhost:" + pgPort + "/postgres";
    try (GatewayProcess node = node(GatewayProcess.freePort(), url)) {
      String id = Facade.json(expect(201, Facade.create(node.baseUrl, "outage-user", null))).get("id").asText();
      String read = node.baseUrl + "/v1/consents/" + id;
      expect(200, Facade.call("GET", read, true));

      pg.close();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        long started = System.nanoTime();
        HttpResponse<String> during = Facade.call("GET", read, true);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).contains("\"code\":\"store_unavailable\"");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
      });
      HttpResponse<String> create = Facade.create(node.baseUrl, "outage-user", null);
      assertThat(create.statusCode()).isEqualTo(503);
      assertThat(Facade.call("GET", node.baseUrl + "/health/ready", false).statusCode()).isEqualTo(503);

      pg = builder.start();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(Facade.call("GET", read, true).statusCode()).isEqualTo(200));
      expect(201, Facade.create(node.baseUrl, "outage-user", null));
      assertThat(node.log()).doesNotContain("internal_error").doesNotContain("postgres:postgres");
    } finally {
      pg.close();
    }
  }

  @Test
  void sigtermUnderLoadAnswersEveryAcceptedRequestAndExitsZero() throws Exception {
    try (SlowUpstream slow = SlowUpstream.start(provider.baseUrl, Duration.ofMillis(1500));
        GatewayProcess node = node(GatewayProcess.freePort(), TestDatabase.url("sigterm"),
            slow.baseUrl() + "/sandbox/yapily")) {
      // Warm up: the catalogue is loaded, so every request below makes one slow upstream call.
      expect(201, Facade.create(node.baseUrl, "warm-user", null));
      int before = slow.requests();
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        inFlight.add(Facade.createAsync(node.baseUrl, "drain-user-" + i, null));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> slow.requests() - before >= 20);

      int exit = node.terminate();

      for (CompletableFuture<HttpResponse<String>> request : inFlight) {
        assertThat(request.join().statusCode()).as(node.log()).isEqualTo(201);
      }
      assertThat(exit).isZero();
      assertThat(node.log()).contains("shutting down").contains("stopped");
    }
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }
}
