package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.observability.RequestLogFields;
import dev.consentgw.gateway.observability.TraceIds;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Echoes a well-formed {@code X-Request-Id} or assigns one, on every response. A platform handler
 * so that it runs before body parsing and authentication, whose failures carry the id too.
 */
public final class RequestIdHandler implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.consentgw.gateway.access");
  private static final String KEY = "requestId";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext rc) {
    String id = idFor(rc.request());
    rc.put(KEY, id);
    RequestLogFields.requestId(id);
    rc.response().putHeader(HEADER, id);
    if (ACCESS.isDebugEnabled()) {
      long started = System.nanoTime();
      // URIs may carry journey and one-time tokens: the log pipeline redacts them.
      // A response cut off (connection closed first) is logged as such, never with the status it would have had.
      rc.addEndHandler(sent -> ACCESS.debug("{} {} {} {}ms [{}]", rc.request().method(), rc.request().uri(),
          sent.succeeded() ? rc.response().getStatusCode() : "not sent", (System.nanoTime() - started) / 1_000_000,
          id));
    }
    rc.next();
  }

  /** The request's id, or a fresh one when the router did not see it (failed before routing). */
  public static String of(RoutingContext rc) {
    String id = rc.get(KEY);
    if (id == null) {
      id = idFor(rc.request());
      rc.put(KEY, id);
      rc.response().putHeader(HEADER, id);
    }
    return id;
  }

  /** The client's well-formed id, else a new one. */
  static String idFor(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    return given != null && VALID.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  /** What problem documents quote as {@code traceId}: the trace's id when tracing is on, else the request id. */
  public static String traceId(RoutingContext rc) {
    return TraceIds.current().orElseGet(() -> of(rc));
  }
}
