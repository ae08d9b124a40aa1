package dev.consentgw.gateway.ops;

import dev.consentgw.gateway.openapi.ContractDocuments;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /openapi.yaml}: the published facade contract, byte for byte as in {@code openapi/}. */
public final class ContractHandler implements Handler<RoutingContext> {

  private final Buffer document = ContractDocuments.raw(ContractDocuments.FACADE);

  @Override
  public void handle(RoutingContext rc) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .end(document);
  }
}
