package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.facade.api.CallbacksApiHandler;
import dev.consentgw.facade.api.ConsentsApiHandler;
import dev.consentgw.facade.api.DataApiHandler;
import dev.consentgw.facade.api.EventsApiHandler;
import dev.consentgw.facade.api.InstitutionsApiHandler;
import dev.consentgw.gateway.openapi.ContractDocuments;
import dev.consentgw.gateway.openapi.ValidatorCachingContract;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;

import java.util.Set;

/**
 * Builds the facade router from the published contract: requests are validated against
 * {@code openapi/facade.yaml}, the generated binders mount the handlers by operationId, and every
 * failure leaves through the {@link ProblemResponder}.
 */
public final class FacadeRouter {

  /** The name of the bearer security scheme in the contract. */
  public static final String SECURITY_SCHEME = "bearerAuth";

  private FacadeRouter() {
  }

  /** The handlers to mount, one per contract tag. */
  public record Handlers(InstitutionsHandler institutions, ConsentsHandler consents, CallbacksHandler callbacks,
      DataHandler data, EventsHandler events) {
  }

  public static Future<RouterBuilder> builder(Vertx vertx, Handlers handlers, ApiKeyAuthHandler auth, ObjectMapper json,
      long bodyLimitBytes) {
    return ContractDocuments.routerContract(vertx, ContractDocuments.FACADE, Set.of()).map(loaded -> {
      OpenAPIContract contract = new ValidatorCachingContract(loaded);
      RequestExtractor extractor = RequestExtractor.withBodyHandler();
      RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
      builder.rootHandler(new RequestIdHandler());
      builder.rootHandler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes));
      builder.rootHandler(new JsonBodyGuard());
      builder.security(SECURITY_SCHEME).httpHandler(auth);
      RequestValidatorImpl validator = new RequestValidatorImpl(vertx, contract);
      contract.operations().forEach(operation -> builder.getRoute(operation.getOperationId())
          .setDoValidation(false)
          .addHandler(new ContractValidationHandler(validator, extractor, operation)));
      new InstitutionsApiHandler(handlers.institutions(), json).mount(builder);
      new ConsentsApiHandler(handlers.consents(), json).mount(builder);
      new CallbacksApiHandler(handlers.callbacks(), json).mount(builder);
      new DataApiHandler(handlers.data(), json).mount(builder);
      new EventsApiHandler(handlers.events(), json).mount(builder);
      builder.getRoutes().forEach(route -> route.addFailureHandler(new ProblemResponder()));
      return builder;
    });
  }

  /** A router with the facade's operations; the caller adds its own routes and the final 404. */
  public static Future<Router> create(Vertx vertx, Handlers handlers, ApiKeyAuthHandler auth, ObjectMapper json,
      long bodyLimitBytes) {
    return builder(vertx, handlers, auth, json, bodyLimitBytes).map(RouterBuilder::createRouter);
  }
}
