package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.http.Html;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: every failure leaves as an RFC 9457 problem document (or, on
 * the provider callback route where a person's browser lands, as a plain HTML page unless the
 * client asks for a problem document). Unexpected failures are logged with their stack trace;
 * the client sees only {@code internal_error} and the trace id.
 */
public final class ProblemResponder implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
  public static final String PROBLEM_JSON = "application/problem+json";
  private static final String CALLBACK_PREFIX = "/v1/callbacks/";
  private static final String JOURNEY_PREFIX = "/v1/journeys/";

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Throwable failure = rc.failure();
    String path = rc.request().path();
    // Where a person's browser lands: the provider callback and the journey entry URL.
    boolean callback = path != null && (path.startsWith(CALLBACK_PREFIX) || path.startsWith(JOURNEY_PREFIX));
    ProblemDocument problem = ProblemMapper.map(failure, rc.statusCode(), callback);
    String traceId = RequestIdHandler.traceId(rc);
    if (problem.code().equals("internal_error") && !rc.request().isEnded()) {
      // The body broke off or its framing is invalid (e.g. a bad chunk size): the client's fault,
      // and the connection cannot be reused.
      LOG.debug("request {} {}: unreadable body [traceId={}]: {}", rc.request().method(), rc.request().path(), traceId,
          failure == null ? "" : failure.toString());
      ProblemResponder.reject(rc.request(), ProtocolErrors.malformed(), true);
      return;
    }
    if (problem.status() >= 500 && problem.code().equals("internal_error")) {
      LOG.error("request {} {} failed [traceId={}]", rc.request().method(), rc.request().path(), traceId, failure);
    } else if (problem.status() >= 500 && problem.retryAfterSeconds() > 0) {
      // Refused calls (open circuit, in-flight limit) are counted on /health and their cause is logged
      // once per breaker transition: a line per request would flood the log while a provider is down.
      LOG.debug("request {} {} answered {} {} [traceId={}]: {}", rc.request().method(), rc.request().path(),
          problem.status(), problem.code(), traceId, problem.detail());
    } else if (problem.status() >= 500) {
      LOG.warn("request {} {} answered {} {} [traceId={}]: {}", rc.request().method(), rc.request().path(),
          problem.status(), problem.code(), traceId, problem.detail());
    }
    var response = rc.response().setStatusCode(problem.status());
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"consent-gateway\"");
    }
    if (problem.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
    }
    if (callback && !wantsJson(rc)) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page(problem, traceId));
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(problem.toJson(rc.request().path(), traceId).toBuffer());
  }

  /**
   * Answers a request outside the router (start-up, broken framing, a late body) with a problem
   * document and its request id; {@code close} also ends the connection after the answer.
   */
  public static void reject(HttpServerRequest request, ProblemDocument problem, boolean close) {
    var response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    String traceId = RequestIdHandler.idFor(request);
    response.setStatusCode(problem.status())
        .putHeader(RequestIdHandler.HEADER, traceId)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
    if (problem.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
    }
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    String path = request.decoderResult().isSuccess() ? request.path() : null;
    response.end(problem.toJson(path, traceId).toBuffer()).onComplete(v -> {
      if (close) {
        request.connection().close();
      }
    });
  }

  private static boolean wantsJson(RoutingContext rc) {
    String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && (accept.contains(PROBLEM_JSON) || accept.contains("application/json"));
  }

  private static String page(ProblemDocument problem, String traceId) {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>%1$s</title>
        <style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d2733}</style>
        </head>
        <body>
          <h1>%1$s</h1>
          <p>%2$s</p>
          <p>You can close this page and return to the app you came from.</p>
          <p><small>Reference: %3$s (%4$s)</small></p>
        </body>
        </html>
        """.formatted(Html.escape(problem.title()), Html.escape(problem.detail()), Html.escape(traceId),
        Html.escape(problem.code()));
  }
}
