package dev.consentgw.gateway.sandbox;

import dev.consentgw.gateway.events.WebhookSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The demo tenant's webhook receiver in the sandbox: verifies each delivery the way a consumer
 * should (signature over the raw body, timestamp within the tolerance) and lists what arrived,
 * newest first, so a newcomer sees events arrive after approving at the bank.
 */
public final class SandboxWebhookReceiver {

  public static final String PATH = "/sandbox/webhooks";
  private static final int KEPT = 100;
  private static final long BODY_LIMIT = 64 * 1024;
  /** Standard Webhooks' recommended tolerance against replays. */
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final WebhookSignature signature;
  private final Clock clock;
  private final Deque<JsonObject> received = new ArrayDeque<>();

  public SandboxWebhookReceiver(String secret, Clock clock) {
    this.signature = WebhookSignature.of(secret);
    this.clock = clock;
  }

  public void mount(Router router) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::receive);
    router.get(PATH).handler(this::list);
  }

  private void receive(RoutingContext rc) {
    String id = rc.request().getHeader("webhook-id");
    String timestamp = rc.request().getHeader("webhook-timestamp");
    String body = rc.body().asString();
    boolean verified = id != null && timestamp != null && body != null && fresh(timestamp)
        && signature.verify(id, Long.parseLong(timestamp), body, rc.request().getHeader("webhook-signature"));
    String type = null;
    try {
      type = body == null ? null : new JsonObject(body).getString("type");
    } catch (RuntimeException e) {
      // not JSON: listed without a type, and unverified anyway if it was tampered with
    }
    synchronized (received) {
      received.addFirst(new JsonObject().put("eventId", id).put("type", type).put("verified", verified)
          .put("receivedAt", clock.instant().toString()));
      while (received.size() > KEPT) {
        received.removeLast();
      }
    }
    rc.response().setStatusCode(verified ? 204 : 400).end();
  }

  private boolean fresh(String timestamp) {
    try {
      Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
      return Duration.between(sent, clock.instant()).abs().compareTo(TOLERANCE) <= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void list(RoutingContext rc) {
    JsonArray items;
    synchronized (received) {
      items = new JsonArray(new java.util.ArrayList<>(received));
    }
    rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("received", items).encode());
  }
}
