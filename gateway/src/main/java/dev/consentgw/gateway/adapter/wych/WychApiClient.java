package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.consentgw.clients.wych.invoker.ApiClient;
import dev.consentgw.clients.wych.invoker.ApiException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * The generated Wych {@link ApiClient} bound to one base URL and to the gateway's shared, pooled
 * {@link WebClient}. It also keeps failures classifiable: the generated handler turns every
 * transport failure into an {@code ApiException} with code 500 and drops its cause (so a timeout
 * would look like a Wych 500), reports an undecodable 2xx body with code 0 and a {@code null} body
 * as a success.
 */
final class WychApiClient extends ApiClient {

  private final WebClient webClient;

  WychApiClient(Vertx vertx, WebClient webClient, String basePath, Duration requestTimeout) {
    super(vertx, new JsonObject().put("basePath", basePath).put("timeout", requestTimeout.toMillis()));
    this.webClient = webClient;
  }

  @Override
  protected WebClient buildWebClient(Vertx vertx, JsonObject config, JsonObject poolConfig) {
    return webClient;
  }

  @Override
  protected <T> Handler<AsyncResult<HttpResponse<Buffer>>> buildResponseHandler(TypeReference<T> returnType,
      Handler<AsyncResult<T>> handler) {
    return response -> {
      if (response.failed()) {
        handler.handle(Future.failedFuture(response.cause()));
        return;
      }
      HttpResponse<Buffer> http = response.result();
      boolean bodyExpected = returnType != null && http.statusCode() != 204;
      super.buildResponseHandler(returnType, result -> handler.handle(readable(result, http, bodyExpected)))
          .handle(response);
    };
  }

  /**
   * A 2xx response whose body could not be decoded, or decoded to nothing where a body is
   * expected, fails with its HTTP status (the generated code reports 0, or succeeds with null).
   */
  private static <T> AsyncResult<T> readable(AsyncResult<T> result, HttpResponse<Buffer> http, boolean bodyExpected) {
    if (result.succeeded() ? result.result() != null || !bodyExpected
        : result.cause() instanceof ApiException api && api.getCode() != 0) {
      return result;
    }
    return Future.failedFuture(new ApiException("Unreadable response body", result.cause(), http.statusCode(),
        http.headers(), null));
  }
}
