package dev.consentgw.gateway.e2e;

import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 end to end in the sandbox: approving at the bank records {@code consent.authorized} in
 * the tenant's feed, and the sandbox's own receiver gets it signed; deliveries can be inspected and
 * asked for again.
 */
class WebhooksEndToEndTest {

  private static GatewayTestKit kit;
  private static ConsentsApi acme;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        sandbox: {webhookTenant: acme}
        """);
    acme = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  private static JsonObject get(String path, String key) throws Exception {
    HttpResponse<String> response = kit.raw("GET", path, null, "Authorization", "Bearer " + key);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static JsonArray receivedBySandbox() throws Exception {
    return get("/sandbox/webhooks", GatewayTestKit.ACME_KEY).getJsonArray("received");
  }

  private static String authorisedConsent(String state) throws Exception {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId("yapily:thistle-sandbox");
    request.setUser(new ConsentUserInput().reference("user-events"));
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    request.setState(state);
    Consent created = acme.createConsent(request, null, null);
    assertThat(kit.decideAtBank(created.getAuthorisationUrl().toString(), "approve").statusCode()).isEqualTo(303);
    return created.getId();
  }

  @Test
  void approvingAtTheBankIsInTheFeedAndArrivesSignedAtTheSandboxReceiver() throws Exception {
    String consentId = authorisedConsent("events-1");

    JsonArray feed = get("/v1/events", GatewayTestKit.ACME_KEY).getJsonArray("data");
    JsonObject event = feed.stream().map(JsonObject.class::cast)
        .filter(e -> e.getJsonObject("consent").getString("id").equals(consentId)).findFirst().orElseThrow();
    assertThat(event.getString("type")).isEqualTo("consent.authorized");
    assertThat(event.getString("tenantId")).isEqualTo("acme");
    assertThat(event.getString("id")).startsWith("evt_");
    assertThat(event.getJsonObject("consent").getString("status")).isEqualTo("authorized");
    assertThat(get("/v1/events", GatewayTestKit.GLOBEX_KEY).getJsonArray("data")).as("another tenant's feed")
        .isEmpty();

    String eventId = event.getString("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> receivedBySandbox().stream().map(JsonObject.class::cast)
        .anyMatch(r -> r.getString("eventId").equals(eventId)));
    JsonObject received = receivedBySandbox().stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("eventId").equals(eventId)).findFirst().orElseThrow();
    assertThat(received.getBoolean("verified")).isTrue();
    assertThat(received.getString("type")).isEqualTo("consent.authorized");

    await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/events/" + eventId + "/deliveries",
        GatewayTestKit.ACME_KEY).getJsonArray("data").getJsonObject(0).getString("status").equals("delivered"));
    JsonObject delivery = get("/v1/events/" + eventId + "/deliveries", GatewayTestKit.ACME_KEY)
        .getJsonArray("data").getJsonObject(0);
    assertThat(delivery.getString("endpointId")).isEqualTo("sandbox-receiver");
    assertThat(delivery.getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void redeliveryDeliversTheSameEventAgain() throws Exception {
    String consentId = authorisedConsent("events-2");
    String eventId = get("/v1/events?types=consent.authorized", GatewayTestKit.ACME_KEY).getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(e -> e.getJsonObject("consent").getString("id").equals(consentId))
        .findFirst().orElseThrow().getString("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/v1/events/" + eventId + "/deliveries",
        GatewayTestKit.ACME_KEY).getJsonArray("data").getJsonObject(0).getString("status").equals("delivered"));

    HttpResponse<String> again = kit.raw("POST", "/v1/events/" + eventId + "/deliveries", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(again.body()).getJsonArray("data").getJsonObject(0).getString("status"))
        .isEqualTo("pending");
    await().atMost(Duration.ofSeconds(20)).until(() -> receivedBySandbox().stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("eventId").equals(eventId) && r.getBoolean("verified")).count() == 2);
  }

  @Test
  void theFeedPagesFromACursorWithoutSkippingOrRepeating() throws Exception {
    authorisedConsent("events-3");
    authorisedConsent("events-4");
    JsonObject whole = get("/v1/events?limit=200", GatewayTestKit.ACME_KEY);
    int total = whole.getJsonArray("data").size();
    assertThat(total).isGreaterThanOrEqualTo(2);

    Set<String> seen = new LinkedHashSet<>();
    String cursor = null;
    for (int i = 0; i < total; i++) {
      JsonObject page = get("/v1/events?limit=1" + (cursor == null ? "" : "&after=" + cursor), GatewayTestKit.ACME_KEY);
      assertThat(page.getJsonArray("data")).hasSize(1);
      assertThat(seen.add(page.getJsonArray("data").getJsonObject(0).getString("id"))).isTrue();
      cursor = page.getString("nextCursor");
    }
    JsonObject end = get("/v1/events?after=" + cursor, GatewayTestKit.ACME_KEY);
    assertThat(end.getJsonArray("data")).isEmpty();
    assertThat(end.getString("nextCursor")).as("an empty page keeps the cursor").isEqualTo(cursor);
    assertThat(List.copyOf(seen)).containsExactlyElementsOf(whole.getJsonArray("data").stream()
        .map(e -> ((JsonObject) e).getString("id")).toList());
  }

  @Test
  void anUnknownEventAndAMalformedCursorAreProblems() throws Exception {
    HttpResponse<String> missing = kit.raw("GET", "/v1/events/evt_0000000000000000000000/deliveries", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type")).contains("application/problem+json");
    assertThat(new JsonObject(missing.body()).getString("code")).isEqualTo("event_not_found");

    HttpResponse<String> badCursor = kit.raw("GET", "/v1/events?after=bm90LWEtY3Vyc29y", null,
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY);
    assertThat(badCursor.statusCode()).isEqualTo(400);
    JsonObject problem = new JsonObject(badCursor.body());
    assertThat(problem.getString("code")).isEqualTo("validation_failed");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/query/after");
  }
}
