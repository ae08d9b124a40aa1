package dev.consentgw.gateway.sandbox.yapily;

import dev.consentgw.gateway.sandbox.MountedRequestExtractor;
import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.SandboxRequester;
import dev.consentgw.gateway.openapi.ContractDocuments;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A simulator of the Yapily API as {@code openapi/yapily.yaml} describes it, with fictitious banks
 * ({@link YapilySandboxInstitutions}) and a bank page where a person or a test approves or denies.
 * Every operation of the document is served, requests are validated against it (a violation is
 * answered 400 in Yapily's legacy error shape) and authenticated with HTTP basic.
 *
 * <p>Mount the router as a sub-router (the gateway uses {@code /sandbox/yapily}); the URLs it hands
 * out are derived from each request. Create one simulator per process: every router it returns
 * shares its state, so routers may be created per verticle.
 */
public final class YapilySimulator {

  private static final long BODY_LIMIT = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(YapilySimulator.class);
  private static final String SECURITY_SCHEME = "basicAuth";

  private final Vertx vertx;
  private final YapilySimulatorOptions options;
  private final Map<String, Handler<RoutingContext>> operations;
  private final SimulatedBank bank;
  private final YapilySandboxState state;
  private final YapilySandboxControl control;

  public YapilySimulator(Vertx vertx, YapilySimulatorOptions options) {
    this(vertx, options, SandboxRequester.anonymous());
  }

  /** A simulator whose bank pages name the requesting tenant. */
  public YapilySimulator(Vertx vertx, YapilySimulatorOptions options, SandboxRequester requester) {
    this(vertx, options, requester, Clock.systemUTC());
  }

  /** A simulator whose consents age by {@code clock} (tests move it to reach expiry without waiting). */
  public YapilySimulator(Vertx vertx, YapilySimulatorOptions options, SandboxRequester requester, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    YapilySandboxInstitutions institutions = new YapilySandboxInstitutions(options.extraInstitutions());
    this.state = new YapilySandboxState(options.applicationId(), options.consentLifetime(), clock);
    SandboxLedger ledger = new SandboxLedger(SandboxLedger.Market.UK, Clock.systemUTC());
    Map<String, Handler<RoutingContext>> all = new HashMap<>();
    all.putAll(new InstitutionEndpoints(institutions).handlers());
    all.putAll(new AuthorisationEndpoints(institutions, state).handlers());
    all.putAll(new ConsentEndpoints(state, institutions).handlers());
    all.putAll(new UserEndpoints(state).handlers());
    all.putAll(new DataEndpoints(state, ledger).handlers());
    this.operations = Map.copyOf(all);
    this.bank = new SimulatedBank(institutions, state, requester);
    this.control = new YapilySandboxControl(institutions, state, ledger);
  }

  /** Sets the simulator's state directly, for tests that need a precondition (contract provider states). */
  public YapilySandboxControl control() {
    return control;
  }

  /** A router serving the simulated API and its bank pages; fails if an operation has no handler. */
  public Future<Router> router() {
    return ContractDocuments.routerContract(vertx, ContractDocuments.YAPILY, Set.of()).compose(contract -> {
      Set<String> declared = contract.operations().stream().map(Operation::getOperationId)
          .collect(Collectors.toCollection(TreeSet::new));
      if (!declared.equals(new TreeSet<>(operations.keySet()))) {
        return Future.failedFuture(new IllegalStateException(
            "yapily.yaml declares " + declared + " but the simulator serves " + new TreeSet<>(operations.keySet())));
      }
      return Future.succeededFuture(createRouter(contract));
    });
  }

  private Router createRouter(OpenAPIContract contract) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, MountedRequestExtractor.withBodyHandler());
    // Skipped when the gateway's own router already read the body in front of this mount.
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    builder.security(SECURITY_SCHEME).httpHandler(BasicAuthHandler.create(this::authenticate, "Yapily sandbox"));
    operations.forEach((operationId, handler) -> builder.getRoute(operationId).addHandler(handler));
    Router router = builder.createRouter();
    // Ahead of the operations' routes (order 0 and up), so a simulated outage answers before anything else.
    router.route().order(-1).handler(this::unlessOutage);
    bank.mount(router);
    router.route().handler(rc -> rc.fail(SimulatorError.legacy(404, "No such resource.")));
    router.route().failureHandler(this::failure);
    return router;
  }

  private void unlessOutage(RoutingContext rc) {
    if (state.outage()) {
      rc.fail(SimulatorError.legacy(503, "The service is temporarily unavailable."));
    } else {
      rc.next();
    }
  }

  private Future<User> authenticate(Credentials credentials) {
    if (credentials instanceof UsernamePasswordCredentials basic
        && same(basic.getUsername(), options.applicationId())
        && same(basic.getPassword(), options.applicationSecret())) {
      return Future.succeededFuture(User.fromName(options.applicationId()));
    }
    return Future.failedFuture(new HttpException(401));
  }

  private void failure(RoutingContext rc) {
    if (rc.response().headWritten()) {
      return;
    }
    Throwable failure = rc.failure();
    SimulatorError error = failure instanceof SimulatorError known ? known : translate(rc, failure);
    YapilyResponses.json(rc, error.status(), error.body());
  }

  /** Failures raised by Vert.x itself (validation, authentication), in Yapily's legacy shape. */
  private static SimulatorError translate(RoutingContext rc, Throwable failure) {
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    if (status == 400 && failure != null && failure.getCause() instanceof ValidatorException invalid) {
      return SimulatorError.legacy(400, "The request does not match the API: " + invalid.getMessage());
    }
    if (status == 401) {
      return SimulatorError.legacy(401, "The application credentials were not accepted.");
    }
    if (status >= 400 && status < 500) {
      return SimulatorError.legacy(status, "The request could not be processed.");
    }
    LOG.warn("Yapily simulator failed on {} {}", rc.request().method(), rc.normalizedPath(), failure);
    return SimulatorError.legacy(500, "The sandbox failed to process the request.");
  }

  private static boolean same(String given, String expected) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }
}
