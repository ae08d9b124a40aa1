package dev.consentgw.gateway.adapter.yapily;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.consentgw.clients.yapily.invoker.ApiClient;
import dev.consentgw.gateway.resilience.UpstreamResponses;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * The generated Yapily client on the gateway's pooled {@link WebClient}, with HTTP basic credentials
 * on every call, answering through {@link UpstreamResponses}.
 */
final class YapilyApiClient extends ApiClient {

  private final WebClient webClient;

  YapilyApiClient(Vertx vertx, WebClient webClient, YapilyOptions options) {
    super(vertx, new JsonObject().put("basePath", options.baseUrl()));
    this.webClient = webClient;
    setUsername(options.applicationId());
    setPassword(options.applicationSecret());
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
