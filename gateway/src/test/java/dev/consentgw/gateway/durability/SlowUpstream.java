package dev.consentgw.gateway.durability;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A proxy in front of the sandbox provider that holds every request for a while: requests stay in flight. */
final class SlowUpstream implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final AtomicInteger requests;

  private SlowUpstream(Vertx vertx, HttpServer server, AtomicInteger requests) {
    this.vertx = vertx;
    this.server = server;
    this.requests = requests;
  }

  static SlowUpstream start(String target, Duration delay) throws Exception {
    Vertx vertx = Vertx.vertx();
    URI to = URI.create(target);
    HttpClient client = vertx.createHttpClient();
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      request.pause();
      requests.incrementAndGet();
      vertx.setTimer(delay.toMillis(), t -> client.request(new RequestOptions().setMethod(request.method())
              .setHost(to.getHost()).setPort(to.getPort()).setURI(request.uri()))
          .compose(upstream -> {
            request.headers().forEach(h -> {
              if (!h.getKey().equalsIgnoreCase("host")) {
                upstream.putHeader(h.getKey(), h.getValue());
              }
            });
            return upstream.send(request);
          })
          .onSuccess(answer -> {
            request.response().setStatusCode(answer.statusCode());
            answer.headers().forEach(h -> request.response().putHeader(h.getKey(), h.getValue()));
            answer.pipeTo(request.response());
          })
          .onFailure(e -> request.response().setStatusCode(502).end()));
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return new SlowUpstream(vertx, server, requests);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
