package dev.consentgw.contracts.wych;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.gateway.sandbox.wych.WychSimulator;
import dev.consentgw.gateway.sandbox.wych.WychSimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The Wych sandbox simulator keeps the gateway's pact with Wych: a simulator that drifts from what
 * the gateway relies on fails the build. The simulator is served at the root of a server of its own,
 * so its API is at {@code /v3} and its token endpoint at {@link WychSimulator#TOKEN_PATH}; provider
 * states are set through its control API on an empty simulator.
 */
@Provider(Pacts.WYCH)
@PactFolder(Pacts.COMMITTED_DIR)
class WychProviderIT extends WychVerification {

  private static final String HOST = "127.0.0.1";

  private static Vertx vertx;
  private static WychSimulator simulator;
  private static HttpServer server;

  @BeforeAll
  static void startSimulator() throws Exception {
    vertx = Vertx.vertx();
    simulator = new WychSimulator(vertx, WychSimulatorOptions.sandbox("http://" + HOST + "/v1/callbacks/wych"));
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
    context.setTarget(new HttpTestTarget(HOST, server.actualPort(), WychSimulator.API_PATH));
    context.withStateChangeHandlers(new SimulatorWychStates(simulator.control()));
  }

  @Override
  protected URI tokenUrl() {
    return URI.create("http://" + HOST + ":" + server.actualPort() + WychSimulator.TOKEN_PATH);
  }
}
