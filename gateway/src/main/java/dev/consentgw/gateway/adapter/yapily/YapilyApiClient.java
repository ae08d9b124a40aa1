package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.consentgw.clients.yapily.invoker.ApiClient;
import dev.consentgw.clients.yapily.invoker.ApiException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * The generated Yapily client, sending through the gateway's one pooled {@link WebClient} with HTTP
 * basic credentials on every call.
 */
final class YapilyApiClient extends ApiClient {

  private final WebClient webClient;

  YapilyApiClient(Vertx vertx, WebClient webClient, YapilyOptions options) {
    super(vertx, new JsonObject()
        .put("basePath", options.baseUrl())
        .put("timeout", options.requestTimeout().toMillis()));
    this.webClient = webClient;
    setUsername(options.applicationId());
    setPassword(options.applicationSecret());
  }

  @Override
  protected WebClient buildWebClient(Vertx vertx, JsonObject config, JsonObject poolConfig) {
    return webClient;
  }

  /**
   * The generated handler turns a transport failure into a bare 500 {@link ApiException} (a timeout
   * would look like a Yapily 5xx) and an undecodable 2xx into one without a status. Keep the
   * transport cause, and the status of undecodable answers, so errors can be told apart.
   */
  @Override
  protected <T> Handler<AsyncResult<HttpResponse<Buffer>>> buildResponseHandler(TypeReference<T> returnType,
      Handler<AsyncResult<T>> handler) {
    return response -> {
      if (response.failed()) {
        handler.handle(Future.failedFuture(response.cause()));
        return;
      }
      HttpResponse<Buffer> http = response.result();
      super.<T>buildResponseHandler(returnType, result -> {
        if (result.failed() && result.cause() instanceof ApiException e && e.getCode() == 0) {
          handler.handle(Future.failedFuture(
              new ApiException("undecodable answer", e.getCause(), http.statusCode(), http.headers(), null)));
        } else {
          handler.handle(result);
        }
      }).handle(response);
    };
  }
}
