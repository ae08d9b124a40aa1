package dev.consentgw.gateway.resilience;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * The response handling of every generated provider client, written once. The generator's own
 * handler turns a transport failure into a bare "500" (a timeout would look like a provider 5xx),
 * reports an undecodable 2xx without its status, and lets a 2xx decode to {@code null}. Here a
 * transport failure keeps its cause, and every answer that is not a usable 2xx fails with an
 * {@link UpstreamHttpException} carrying its status, so {@link FailureClassifier} can tell them apart.
 */
public final class UpstreamResponses {

  private static final int NO_CONTENT = 204;

  private UpstreamResponses() {
  }

  /** A replacement for the generated {@code ApiClient.buildResponseHandler}. */
  public static <T> Handler<AsyncResult<HttpResponse<Buffer>>> handler(ObjectMapper json, TypeReference<T> returnType,
      Handler<AsyncResult<T>> handler) {
    return response -> handler.handle(response.failed()
        ? Future.failedFuture(response.cause())
        : decode(json, returnType, response.result()));
  }

  private static <T> Future<T> decode(ObjectMapper json, TypeReference<T> returnType, HttpResponse<Buffer> http) {
    int status = http.statusCode();
    if (status / 100 != 2) {
      return Future.failedFuture(new UpstreamHttpException(status, http.bodyAsString(), null));
    }
    if (returnType == null || status == NO_CONTENT) {
      return Future.succeededFuture();
    }
    String body = http.bodyAsString();
    try {
      T value = body == null || body.isBlank() ? null : json.readValue(body, returnType);
      return value != null ? Future.succeededFuture(value)
          : Future.failedFuture(new UpstreamHttpException(status, body, null));
    } catch (Exception undecodable) {
      return Future.failedFuture(new UpstreamHttpException(status, body, undecodable));
    }
  }
}
