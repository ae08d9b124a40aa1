package dev.consentgw.gateway.sandbox.wych;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;

import java.util.HashMap;
import java.util.Map;

/**
 * Extracts requests for validation when the contract's router is mounted below other paths.
 * vertx-openapi 5.0.8 finds path parameters by their segment index in the full request path
 * (counted from the contract's {@code servers} base path), so below {@code /sandbox/wych} it would
 * read {@code v3} as the connection id; the routing context's own path parameters are used instead.
 * The body comes from the router's {@code BodyHandler}.
 */
final class MountedRequestExtractor implements RequestExtractor {

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext rc, Operation operation) {
    return RequestUtils.extract(rc.request(), operation, () -> Future.succeededFuture(rc.body().buffer()))
        .map(request -> {
          Map<String, RequestParameter> path = new HashMap<>();
          for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Location.PATH) {
              path.put(parameter.getName(), new RequestParameterImpl(rc.pathParam(parameter.getName())));
            }
          }
          return new ValidatableRequestImpl(request.getCookies(), request.getHeaders(), path, request.getQuery(),
              request.getBody(), request.getContentType());
        });
  }
}
