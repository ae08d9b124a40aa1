package dev.consentgw.gateway.app;

import dev.consentgw.gateway.facade.ProtocolErrors;
import dev.consentgw.gateway.http.ConnectionGuard;
import dev.consentgw.gateway.http.HttpVersionGate;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;

/**
 * One HTTP listener on the event loop this verticle was deployed to. Deployed once per configured
 * event loop on the same port, so Vert.x spreads accepted connections over the loops; every instance
 * hands requests to the same (thread-safe) handler and connection guard.
 */
final class ListenerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerVerticle.class);

  private final HttpServerOptions options;
  private final ConnectionGuard guard;
  private final Handler<HttpServerRequest> requests;
  private final Queue<HttpServer> listening;

  /** @param listening where the bound server is added, so the gateway can drain every listener */
  ListenerVerticle(HttpServerOptions options, ConnectionGuard guard, Handler<HttpServerRequest> requests,
      Queue<HttpServer> listening) {
    this.options = options;
    this.guard = guard;
    this.requests = requests;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          guard.accept(connection);
          HttpVersionGate.install(connection, requests, ProtocolErrors::unknownVersion);
        })
        .invalidRequestHandler(new ProtocolErrors())
        // Connection-level failures (resets, broken framing) are the client's: not worth more than DEBUG.
        .exceptionHandler(e -> LOG.debug("connection failed: {}", e.toString()))
        .requestHandler(requests)
        .listen()
        .onSuccess(listening::add);
  }
}
