package dev.consentgw.gateway.facade;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;

import java.util.HashMap;
import java.util.Map;

/**
 * Validates one operation's request against the contract on the event loop, in place of the router
 * builder's own validation, which hands every request to a worker thread and back: a facade
 * request's parameters and bodies are small (the body is capped by {@code server.bodyLimitBytes}),
 * so the hop costs more than the validation. The checks and the errors are the library's own
 * ({@link RequestValidatorImpl#validateParameter}, {@link RequestValidatorImpl#validateBody}); the
 * result goes where the generated binders read it.
 */
final class ContractValidationHandler implements InputTrustHandler {

  private final RequestValidatorImpl validator;
  private final RequestExtractor extractor;
  private final Operation operation;

  ContractValidationHandler(RequestValidatorImpl validator, RequestExtractor extractor, Operation operation) {
    this.validator = validator;
    this.extractor = extractor;
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext rc) {
    extractor.extractValidatableRequest(rc, operation).onComplete(extracted -> {
      if (extracted.failed()) {
        rc.fail(extracted.cause());
        return;
      }
      try {
        rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validate(extracted.result()));
      } catch (ValidatorException invalid) {
        // What the router builder's own validation answers, so the problem mapping sees no difference.
        rc.fail(new HttpException(400, invalid.getMessage(), invalid));
        return;
      }
      rc.next();
    });
  }

  private ValidatedRequest validate(ValidatableRequest request) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> cookies.put(name, validator.validateParameter(parameter, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validator.validateParameter(parameter, request.getHeaders().get(name)));
        case PATH -> path.put(name, validator.validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validator.validateParameter(parameter, request.getQuery().get(name)));
      }
    }
    return new ValidatedRequestImpl(cookies, headers, path, query,
        validator.validateBody(operation.getRequestBody(), request));
  }
}
