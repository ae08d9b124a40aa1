package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.openapi.ContractDocuments;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import dev.consentgw.gateway.security.TenantRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operation of the published contract is mounted with a handler (an unmounted one would answer 503). */
class FacadeRouterMountTest {

  @Test
  void everyOperationInTheContractIsMounted() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Set<String> inContract = new HashSet<>();
      JsonObject paths = ContractDocuments.json(ContractDocuments.FACADE).getJsonObject("paths");
      paths.forEach(p -> ((JsonObject) p.getValue()).forEach(op -> {
        if (op.getValue() instanceof JsonObject operation && operation.containsKey("operationId")) {
          inContract.add(operation.getString("operationId"));
        }
      }));
      FacadeRouter.Handlers handlers = new FacadeRouter.Handlers(new InstitutionsHandler(null, null, null),
          new ConsentsHandler(null, null, null, FacadeJson.create()), new CallbacksHandler(null),
          new DataHandler(null, null), new EventsHandler(null, null, null, null));

      RouterBuilder builder = FacadeRouter.builder(vertx, handlers,
          new ApiKeyAuthHandler(new TenantRegistry(List.of())), FacadeJson.create(), 1024).await(30, TimeUnit.SECONDS);

      assertThat(inContract).hasSize(18);
      assertThat(builder.getRoutes()).extracting(r -> r.getOperation().getOperationId())
          .containsExactlyInAnyOrderElementsOf(inContract);
      for (OpenAPIRoute route : builder.getRoutes()) {
        assertThat(route.getHandlers()).as(route.getOperation().getOperationId()).isNotEmpty();
        assertThat(route.getFailureHandlers()).as(route.getOperation().getOperationId()).isNotEmpty();
      }
      builder.createRouter();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
