package dev.consentgw.gateway.sandbox;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * Extracts requests for validation when a simulator's OpenAPI router is mounted below the server
 * root (both simulators are: {@code /sandbox/wych/v3}, {@code /sandbox/yapily}).
 *
 * <p>vertx-openapi 5.0.8 reads path parameters by position from the full request path, counting
 * segments of the operation's path behind the document's server URL. Mounted at
 * {@code /sandbox/yapily}, {@code /consents/{consentId}} would read {@code yapily} as the consent
 * id. The router itself matched the sub-path correctly, so its path parameters are used instead.
 */
public final class MountedRequestExtractor implements RequestExtractor {

  private MountedRequestExtractor() {
  }

  /**
   * For routers with a {@code BodyHandler} (the simulators have their own, and the gateway's router
   * in front of them has one too): the body is taken from the routing context.
   */
  public static MountedRequestExtractor withBodyHandler() {
    return new MountedRequestExtractor();
  }

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext rc, Operation operation) {
    try {
      return RequestUtils.extract(rc.request(), operation, () -> Future.succeededFuture(rc.body().buffer()))
          .map(request -> new RoutedRequest(request, pathParameters(rc)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Map<String, RequestParameter> pathParameters(RoutingContext rc) {
    Map<String, RequestParameter> parameters = new HashMap<>();
    rc.pathParams().forEach((name, value) -> parameters.put(name, () -> value));
    return parameters;
  }

  /** The extracted request with the router's path parameters. */
  private record RoutedRequest(ValidatableRequest extracted, Map<String, RequestParameter> pathParameters)
      implements ValidatableRequest {

    @Override
    public Map<String, RequestParameter> getCookies() {
      return extracted.getCookies();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return pathParameters;
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return extracted.getQuery();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return extracted.getHeaders();
    }

    @Override
    public RequestParameter getBody() {
      return extracted.getBody();
    }

    @Override
    public String getContentType() {
      return extracted.getContentType();
    }

    @Override
    public String toString() {
      // Headers may hold a consent token.
      return "RoutedRequest";
    }
  }
}
