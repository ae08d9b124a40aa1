package dev.consentgw.gateway.e2e.resilience;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The facade calls the resilience tests make, as a tenant would, plus the health endpoint's view of the breakers. */
final class FacadeCalls {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final GatewayTestKit kit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FacadeCalls(GatewayTestKit kit) {
    this.kit = kit;
  }

  HttpResponse<String> createConsent(String institutionId, String userReference) throws Exception {
    return createConsentAsync(institutionId, userReference).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  CompletableFuture<HttpResponse<String>> createConsentAsync(String institutionId, String userReference) {
    String body = new JsonObject()
        .put("institutionId", institutionId)
        .put("user", new JsonObject().put("reference", userReference))
        .put("permissions", List.of("accounts"))
        .put("redirectUrl", kit.baseUrl() + "/sandbox/return")
        .encode();
    return send(request("/v1/consents").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** {@code count} creations at once, each for its own user. */
  List<CompletableFuture<HttpResponse<String>>> createConsentsAtOnce(String institutionId, String userPrefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> createConsentAsync(institutionId, userPrefix + "-" + i)).toList();
  }

  /** Creates a consent that must succeed and returns its id. */
  String createdConsentId(String institutionId, String userReference) throws Exception {
    HttpResponse<String> created = createConsent(institutionId, userReference);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  HttpResponse<String> getConsent(String consentId) throws Exception {
    return send(request("/v1/consents/" + consentId).GET()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  HttpResponse<String> revokeConsent(String consentId) throws Exception {
    return send(request("/v1/consents/" + consentId).DELETE()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  HttpResponse<String> listInstitutions() throws Exception {
    return send(request("/v1/institutions?limit=100").GET()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The provider's entry on {@code /health/ready}: catalogue, circuit, institution circuits, bulkhead, retry budget. */
  JsonObject health(String provider) throws Exception {
    HttpResponse<String> ready = kit.raw("GET", "/health/ready", null);
    return new JsonObject(ready.body()).getJsonObject("providers").getJsonObject(provider);
  }

  /**
   * Waits until the provider's catalogue (fetched in the background at start-up) reports
   * {@code status}, so a test never resets WireMock under the warm-up's feet.
   */
  void awaitCatalogue(String provider, String status) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> status.equals(health(provider).getString("catalogue")));
  }

  JsonObject circuit(String provider) throws Exception {
    return health(provider).getJsonObject("circuit");
  }

  /**
   * Waits until the provider's breaker is in {@code state}. Breakers leave OPEN on a real Vert.x
   * timer after their open period, not on the test clock: tests that need it configure a short one.
   */
  void awaitCircuit(String provider, String state) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> state.equals(live(provider).getJsonObject("circuit").getString("state")));
  }

  /** Waits until the open period of the provider's breaker and of every institution breaker it shows has passed. */
  void awaitNoOpenCircuit(String provider) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> {
      JsonObject guards = live(provider);
      JsonObject institutions = guards.getJsonObject("institutionCircuits");
      return !"OPEN".equals(guards.getJsonObject("circuit").getString("state"))
          && institutions.fieldNames().stream().noneMatch(id -> "OPEN".equals(institutions.getJsonObject(id).getString("state")));
    });
  }

  /** The provider's guards on {@code /health/live} (no catalogue involved). */
  private JsonObject live(String provider) throws Exception {
    HttpResponse<String> live = kit.raw("GET", "/health/live", null);
    return new JsonObject(live.body()).getJsonObject("providers").getJsonObject(provider);
  }

  /** The problem document's {@code code}. */
  static String code(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return new JsonObject(response.body()).getString("code");
  }

  static String retryAfter(HttpResponse<String> response) {
    return response.headers().firstValue("Retry-After").orElse(null);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(kit.baseUrl() + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + GatewayTestKit.ACME_KEY);
  }

  private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
