package dev.consentgw.gateway.e2e.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one listener per event loop, requests arriving on different loops share the gateway's
 * components: the Wych token is still fetched once for concurrent journeys, and one
 * Idempotency-Key still yields one journey at the provider.
 */
class EveryEventLoopTest {

  private static final int LOOPS = 4;
  private static final int CONCURRENT = 12;
  private static final String HOLDER = "wych:" + WychStubs.HOLDER;
  /** CPU time a loop must have spent on the burst to count as serving it; idle loops spend ~0. */
  private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static WireMockServer wych;
  private static GatewayTestKit kit;
  private static FacadeCalls facade;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void boot() throws Exception {
    wych = new WireMockServer(options().dynamicPort());
    wych.start();
    WychStubs.healthy(wych);
    kit = GatewayTestKit.start("""
        server: {eventLoops: %d}
        sandbox: {enabled: false}
        catalogue: {freshFor: PT48H}
        """.formatted(LOOPS) + WychStubs.yaml(wych.baseUrl()) + "  yapily: {enabled: false}\n");
    facade = new FacadeCalls(kit);
    facade.awaitCatalogue("wych", "fresh");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    wych.stop();
  }

  /** Every cached token expires, so the next journeys all need a fresh one at once. */
  @BeforeEach
  void tokensExpire() {
    kit.clock.advance(Duration.ofSeconds(WychStubs.TOKEN_SECONDS));
    wych.resetRequests();
  }

  @Test
  void requestsAreServedOnSeveralEventLoops() throws Exception {
    Map<Long, Long> before = eventLoopCpu();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/health/live")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> call : burst) {
      assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    Map<Long, Long> after = eventLoopCpu();

    long busyLoops = after.entrySet().stream()
        .filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > BUSY_NANOS)
        .count();
    assertThat(kit.server.eventLoops()).isEqualTo(LOOPS);
    assertThat(busyLoops).as("event loops that served the burst").isGreaterThanOrEqualTo(2);
  }

  @Test
  void concurrentJourneysOnSeveralLoopsShareOneTokenFetch() throws Exception {
    wych.stubFor(WychStubs.tokenCall().willReturn(okJson(WychStubs.token("service-token-2")).withFixedDelay(500)));
    wych.stubFor(WychStubs.userTokenCall().willReturn(okJson(WychStubs.token("user-token-2")).withFixedDelay(500)));

    List<HttpResponse<String>> journeys = all(IntStream.range(0, CONCURRENT)
        .mapToObj(i -> facade.createConsentAsync(HOLDER, "user-1")).toList());

    assertThat(journeys).extracting(HttpResponse::statusCode).containsOnly(201).hasSize(CONCURRENT);
    wych.verify(1, WychStubs.tokenCalls());
    wych.verify(1, WychStubs.userTokenCalls());
    wych.verify(CONCURRENT, WychStubs.startCalls());
  }

  @Test
  void oneIdempotencyKeyOnSeveralLoopsStartsOneJourney() throws Exception {
    wych.stubFor(WychStubs.startCall().willReturn(WychStubs.startAnswer().withFixedDelay(300)));
    String body = new JsonObject()
        .put("institutionId", HOLDER)
        .put("user", new JsonObject().put("reference", "user-idem"))
        .put("permissions", List.of("accounts"))
        .put("redirectUrl", kit.baseUrl() + "/sandbox/return")
        .encode();
    HttpRequest create = HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/v1/consents"))
        .header("Authorization", "Bearer " + GatewayTestKit.ACME_KEY)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "every-loop-key-1")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();

    List<HttpResponse<String>> answers = all(IntStream.range(0, CONCURRENT)
        .mapToObj(i -> HTTP.sendAsync(create, HttpResponse.BodyHandlers.ofString())).toList());
    HttpResponse<String> replay = HTTP.send(create, HttpResponse.BodyHandlers.ofString());

    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201, 409).contains(201);
    List<String> created = answers.stream().filter(r -> r.statusCode() == 201)
        .map(r -> new JsonObject(r.body()).getString("id")).distinct().toList();
    assertThat(created).hasSize(1);
    answers.stream().filter(r -> r.statusCode() == 409)
        .forEach(r -> assertThat(FacadeCalls.code(r)).isEqualTo("idempotency_in_progress"));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(replay.body()).getString("id")).isEqualTo(created.get(0));
    wych.verify(1, WychStubs.startCalls());
  }

  /** CPU time so far of each Vert.x event-loop thread of this JVM, by thread id. */
  private static Map<Long, Long> eventLoopCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("vert.x-eventloop-thread-")) {
        cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return cpu;
  }

  private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> calls) throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      responses.add(call.get(20, TimeUnit.SECONDS));
    }
    return responses;
  }
}
