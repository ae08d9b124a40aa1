package dev.consentgw.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;

/**
 * Sends one event to one endpoint as a Standard Webhooks request: {@code webhook-id} (the event id,
 * the same on every attempt), {@code webhook-timestamp} and {@code webhook-signature}; the body is the
 * event exactly as recorded. Redirects are not followed, the answer's body is discarded unread, and
 * the connection goes to the address the {@link DestinationGuard} checked.
 */
public final class WebhookSender {

  /** What one attempt came to: the receiver's status, or null when it never answered. */
  public record Attempt(Integer status, String error) {
    boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }

    boolean gone() {
      return status != null && status == 410;
    }
  }

  private final WebClient client;
  private final DestinationGuard guard;
  private final Clock clock;

  /** @param client pooled, with the whole-exchange timeout installed */
  public WebhookSender(WebClient client, DestinationGuard guard, Clock clock) {
    this.client = client;
    this.guard = guard;
    this.clock = clock;
  }

  public Future<Attempt> send(WebhookEndpoint endpoint, WebhookSignature signature, String eventId, String body) {
    URI url = URI.create(endpoint.url());
    boolean https = "https".equals(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    long timestamp = clock.instant().getEpochSecond();
    return guard.check(url.getHost())
        .compose(address -> client.request(HttpMethod.POST, server(address, port),
                new RequestOptions().setHost(url.getHost()).setPort(port).setURI(path).setSsl(https))
            .followRedirects(false)
            .putHeader("content-type", "application/json")
            .putHeader("webhook-id", eventId)
            .putHeader("webhook-timestamp", Long.toString(timestamp))
            .putHeader("webhook-signature", signature.sign(eventId, timestamp, body))
            .as(BodyCodec.none())
            .sendBuffer(Buffer.buffer(body)))
        .map(response -> new Attempt(response.statusCode(), response.statusCode() >= 200 && response.statusCode() < 300
            ? null : "HTTP " + response.statusCode()))
        .otherwise(e -> new Attempt(null, e instanceof DestinationGuard.RefusedDestination
            ? e.getMessage() : failure(e)));
  }

  private static SocketAddress server(InetAddress address, int port) {
    return SocketAddress.inetSocketAddress(port, address.getHostAddress());
  }

  /** A short, secret-free description of a transport failure. */
  private static String failure(Throwable e) {
    String name = e.getClass().getSimpleName();
    return e instanceof java.util.concurrent.TimeoutException ? "timed out"
        : name + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
  }
}
