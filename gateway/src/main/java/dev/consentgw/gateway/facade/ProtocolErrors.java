package dev.consentgw.gateway.facade;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
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
      ProblemResponder.reject(request, ProblemDocument.of(414, "uri_too_long", "URI too long",
          "The request line is longer than the gateway accepts."), true);
    } else if (cause instanceof TooLongHttpHeaderException) {
      ProblemResponder.reject(request, ProblemDocument.of(431, "headers_too_large", "Request headers too large",
          "The request headers are larger than the gateway accepts."), true);
    } else if (UNPARSABLE_LINE.equals(request.uri())) {
      request.connection().close();
    } else {
      ProblemResponder.reject(request, malformed(), true);
    }
  }

  /** The problem for a request that is not well-formed HTTP/1.1. */
  public static ProblemDocument malformed() {
    return ProblemDocument.of(400, "malformed_request", "Malformed request",
        "The request is not well-formed HTTP/1.1 (request line, headers or framing).");
  }
}
