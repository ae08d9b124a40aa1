package dev.consentgw.contracts.facade;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.app.GatewayServer;
import dev.consentgw.gateway.security.TenantRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static dev.consentgw.contracts.facade.FacadeContract.EXAMPLE_API_KEY;
import static dev.consentgw.contracts.facade.FacadeContract.EXAMPLE_REDIRECT_URL;

/**
 * The gateway keeps the published facade's pact with its API consumers: the example fintech's pact
 * is replayed against the real gateway, started in-process in sandbox mode (simulated Wych and
 * Yapily) with the fintech as a tenant. Provider states are created through the gateway's own API
 * and the simulated bank pages, as a fintech and its user would.
 */
@Provider(Pacts.GATEWAY)
@PactFolder(Pacts.COMMITTED_DIR)
class FacadeProviderIT {

  private static final String HOST = "127.0.0.1";

  private static Vertx vertx;
  private static GatewayServer gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    GatewayConfig config = new ConfigLoader(name -> null).loadWithOverrides("""
        server: {port: 0, host: %s}
        tenants:
          - id: example-fintech
            name: Example Fintech
            apiKeySha256: [%s]
            redirectUrls: ["%s"]
            providers: [wych, yapily]
        """.formatted(HOST, TenantRegistry.sha256Hex(EXAMPLE_API_KEY), EXAMPLE_REDIRECT_URL));
    vertx = Vertx.vertx();
    gateway = GatewayServer.start(vertx, config, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopGateway() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget(HOST, gateway.port()));
    context.withStateChangeHandlers(new GatewayStates(gateway.publicBaseUrl()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void theGatewayHonoursWhatItsConsumersRelyOn(PactVerificationContext context) {
    context.verifyInteraction();
  }
}
