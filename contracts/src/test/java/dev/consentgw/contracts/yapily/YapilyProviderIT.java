package dev.consentgw.contracts.yapily;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulator;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

/**
 * The Yapily sandbox simulator keeps the gateway's pact with Yapily: a simulator that drifts from
 * what the gateway relies on fails the build. The simulator is served at the root of a server of
 * its own, where the pact's paths (relative to Yapily's API root) land; provider states are set
 * through its control API on an empty simulator.
 */
@Provider(Pacts.YAPILY)
@PactFolder(Pacts.COMMITTED_DIR)
class YapilyProviderIT {

  private static final String HOST = "127.0.0.1";

  private static Vertx vertx;
  private static YapilySimulator simulator;
  private static HttpServer server;

  @BeforeAll
  static void startSimulator() throws Exception {
    vertx = Vertx.vertx();
    simulator = new YapilySimulator(vertx, YapilySimulatorOptions.sandbox(0));
    Router router = simulator.router().await(30, TimeUnit.SECONDS);
    server = vertx.createHttpServer().requestHandler(router).listen(0, HOST).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopSimulator() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshSimulator(PactVerificationContext context) {
    simulator.control().reset();
    context.setTarget(new HttpTestTarget(HOST, server.actualPort()));
    context.withStateChangeHandlers(new SimulatorYapilyStates(simulator.control()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void theSimulatorHonoursWhatTheGatewayReliesOn(PactVerificationContext context) {
    context.verifyInteraction();
  }
}
