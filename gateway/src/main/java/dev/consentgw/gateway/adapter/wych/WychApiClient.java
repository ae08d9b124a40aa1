package dev.consentgw.gateway.adapter.wych;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.consentgw.clients.wych.invoker.ApiClient;
import dev.consentgw.gateway.resilience.UpstreamResponses;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** The generated Wych client on the gateway's pooled {@link WebClient}, answering through {@link UpstreamResponses}. */
final class WychApiClient extends ApiClient {

  private final WebClient webClient;

  WychApiClient(Vertx vertx, WebClient webClient, String basePath) {
    super(vertx, new JsonObject().put("basePath", basePath));
    this.webClient = webClient;
  }

  @Override
  protected WebClient buildWebClient(Vertx vertx, JsonObject config, JsonObject poolConfig) {
    return webClient;
  }

  @Override
  protected <T> Handler<AsyncResult<HttpResponse<Buffer>>> buildResponseHandler(TypeReference<T> type,
      Handler<AsyncResult<T>> handler) {
    return UpstreamResponses.handler(getObjectMapper(), type, handler);
  }
}
