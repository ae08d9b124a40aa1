package dev.consentgw.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow and idle clients from holding the server: caps the connections open at once (the
 * excess is closed as soon as it is accepted, before any byte is read), closes connections that do
 * not deliver a request head in time, and ends requests whose body does not arrive in time (its timer is left to fire and
 * find the body complete: cheaper than tracking every response). Its
 * state is one small entry per open connection, so it is bounded by the connection cap.
 */
public final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ServerLimits limits;
  private final Handler<HttpServerRequest> onBodyTimeout;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();

  /** @param onBodyTimeout answers (and closes) a request whose body is late */
  public ConnectionGuard(Vertx vertx, ServerLimits limits, Handler<HttpServerRequest> onBodyTimeout) {
    this.vertx = vertx;
    this.limits = limits;
    this.onBodyTimeout = onBodyTimeout;
  }

  /** For {@code HttpServer#connectionHandler}. */
  public void accept(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      LOG.debug("connection from {} refused: {} connections open", connection.remoteAddress(), limits.maxConnections());
      connection.close();
      return;
    }
    Watch watch = new Watch(connection);
    watched.put(connection, watch);
    connection.closeHandler(v -> {
      watched.remove(connection);
      vertx.cancelTimer(watch.timer);
      open.decrementAndGet();
    });
    watch.arm();
  }

  /** Wraps the server's request handler: notes each request head and watches its body. */
  public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watched.get(request.connection());
      if (watch != null) {
        watch.started(request);
      }
      if (hasBody(request)) {
        vertx.setTimer(limits.requestBodyTimeout().toMillis(), id -> {
          if (!request.isEnded()) {
            LOG.debug("request {} {}: body not received within {}", request.method(), request.path(),
                limits.requestBodyTimeout());
            onBodyTimeout.handle(request);
          }
        });
      }
      next.handle(request);
    };
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
  }

  /** Connections open now. */
  public int openConnections() {
    return open.get();
  }

  /** One connection's head deadline: re-checked every requestHeaderTimeout while it is open. */
  private final class Watch {
    private final HttpConnection connection;
    private volatile HttpServerRequest last;
    private volatile long requests;
    private volatile long timer;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void started(HttpServerRequest request) {
      last = request;
      requests++;
    }

    void arm() {
      long seen = requests;
      timer = vertx.setTimer(limits.requestHeaderTimeout().toMillis(), id -> {
        HttpServerRequest current = last;
        boolean waitingForHead = requests == seen && (current == null || current.response().ended());
        if (waitingForHead) {
          LOG.debug("connection from {} closed: no request head within {}", connection.remoteAddress(),
              limits.requestHeaderTimeout());
          connection.close();
        } else {
          arm();
        }
      });
    }
  }
}
