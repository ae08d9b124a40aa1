package dev.consentgw.gateway.facade;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP decoder could not read (for {@code HttpServer#invalidRequestHandler}): a
 * request whose line was readable gets a problem document and the connection is closed (its
 * framing can no longer be trusted); bytes that are not HTTP at all just close the connection.
 * Anyone can send these, so they are logged at DEBUG only, without a stack trace.
 */
public final class ProtocolErrors implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrors.class);
  /** The URI Netty gives a request whose initial line it could not parse. */
  private static final String UNPARSABLE_LINE = "/bad-request";

  @Override
  public void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result.cause();
    LOG.debug("malformed request from {}: {}", request.remoteAddress(), cause == null ? "unknown" : cause.toString());
    if (cause instanceof TooLongHttpLineException) {
      ProblemResponder.reject(request, problem(414), true);
    } else if (cause instanceof TooLongHttpHeaderException) {
      ProblemResponder.reject(request, problem(431), true);
    } else if (UNPARSABLE_LINE.equals(request.uri())) {
      request.connection().close();
    } else {
      ProblemResponder.reject(request, malformed(), true);
    }
  }

  /**
   * Screens what the router cannot be trusted with: a path with a broken percent-escape (the
   * router would throw on it), an HTTP/1.1 request without {@code Host} and an expectation other than {@code 100-continue} (RFC 9110: 417).
   */
  public static Handler<HttpServerRequest> screen(Handler<HttpServerRequest> next) {
    return request -> {
      String expect = request.getHeader(HttpHeaders.EXPECT);
      if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
        ProblemResponder.reject(request, problem(417), false);
      } else if (!wellEscaped(request.path())
          || (request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null)) {
        ProblemResponder.reject(request, malformed(), false);
      } else {
        next.handle(request);
      }
    };
  }

  /** For {@code HttpVersionGate}: a request line with an HTTP version other than 1.0 or 1.1 (RFC 9110: 505). */
  public static void unknownVersion(HttpServerRequest request) {
    LOG.debug("request from {} with an unsupported HTTP version", request.remoteAddress());
    ProblemResponder.reject(request, problem(505), true);
  }

  /** For {@code ConnectionGuard}: the body did not arrive in time. */
  public static void bodyTimedOut(HttpServerRequest request) {
    ProblemResponder.reject(request, problem(408), true);
  }

  private static ProblemDocument problem(int status) {
    return ProblemMapper.map(new HttpException(status), status, false);
  }

  private static boolean wellEscaped(String path) {
    if (path == null) {
      return false;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The problem for a request that is not well-formed HTTP/1.1. */
  public static ProblemDocument malformed() {
    return ProblemDocument.of(400, "malformed_request", "Malformed request",
        "The request is not well-formed HTTP/1.1 (request line, path, headers or framing).");
  }
}
