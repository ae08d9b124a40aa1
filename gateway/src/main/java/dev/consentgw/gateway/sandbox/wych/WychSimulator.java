package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.sandbox.MountedRequestExtractor;
import dev.consentgw.gateway.sandbox.SandboxLedger;
import dev.consentgw.gateway.sandbox.SandboxRequester;
import dev.consentgw.gateway.openapi.ContractDocuments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

/**
 * A stand-in for Wych: its token endpoint, every operation of {@code openapi/wych.yaml} (requests
 * validated against it), and a simulated data holder consent page. Mount {@link #router()} as a
 * sub-router (the gateway uses {@code /sandbox/wych}); then the adapter's API base URL is
 * {@code <mount>/v3} and its token URL {@code <mount>/auth/token}. The URLs the simulator hands out
 * are derived from each request, so it works behind any host and mount point.
 */
public final class WychSimulator {

  /** Below the mount point: the token endpoint (its operation path in wych.yaml is /token). */
  public static final String TOKEN_PATH = "/auth/token";
  /** Below the mount point: the API, like {@code https://api.wych.io/v3}. */
  public static final String API_PATH = "/v3";

  private static final Logger LOG = LoggerFactory.getLogger(WychSimulator.class);
  private static final String BASE_URL_KEY = "wych.sandbox.baseUrl";
  /** Requests to the simulator are small: a token form, a JSON body, an empty approve form. */
  private static final long BODY_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final WychSimulatorOptions options;
  private final WychSandboxState state;
  private final WychSandboxCatalogue catalogue;
  private final WychSandboxControl control;
  private final SandboxLedger ledger;
  private final SandboxRequester requester;

  public WychSimulator(Vertx vertx, WychSimulatorOptions options) {
    this(vertx, options, SandboxRequester.anonymous());
  }

  /** A simulator whose bank pages name the requesting tenant. */
  public WychSimulator(Vertx vertx, WychSimulatorOptions options, SandboxRequester requester) {
    this(vertx, options, Clock.systemUTC(), requester);
  }

  WychSimulator(Vertx vertx, WychSimulatorOptions options, Clock clock) {
    this(vertx, options, clock, SandboxRequester.anonymous());
  }

  /** A simulator whose tokens and connections age by {@code clock}. */
  public WychSimulator(Vertx vertx, WychSimulatorOptions options, Clock clock, SandboxRequester requester) {
    this.vertx = vertx;
    this.requester = requester;
    this.options = options;
    this.state = new WychSandboxState(clock);
    this.catalogue = new WychSandboxCatalogue(options.extraDataHolders());
    this.ledger = new SandboxLedger(SandboxLedger.Market.AU, clock);
    this.control = new WychSandboxControl(state, catalogue, options, ledger);
  }

  /** Sets the simulator's state directly, for tests that need a precondition (contract provider states). */
  public WychSandboxControl control() {
    return control;
  }

  /** The simulator's routes, to be mounted as a sub-router. */
  public Future<Router> router() {
    // The token operation is form-encoded, which the 5.0 router contract cannot load: served by hand.
    return ContractDocuments.routerContract(vertx, ContractDocuments.WYCH, Set.of("/token"))
        .map(contract -> {
          RouterBuilder builder = RouterBuilder.create(vertx, contract, MountedRequestExtractor.withBodyHandler());
          new WychSandboxApi(state, catalogue, options, new WychSandboxData(state, ledger)).mount(builder);
          Router api = builder.createRouter();
          api.route().failureHandler(WychSimulator::apiFailure);

          Router router = Router.router(vertx);
          router.route().handler(WychSimulator::rememberBaseUrl);
          router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
          router.post(TOKEN_PATH).handler(new WychSandboxTokenEndpoint(state, options));
          router.route(API_PATH + "/*").handler(this::unlessOutage);
          // vertx-openapi mounts operations at their relative paths (without the servers' /v3).
          router.route(API_PATH + "/*").subRouter(api);
          router.route(API_PATH + "/*").handler(rc -> WychSandboxResponses.error(rc, 404, "Not found"));
          new WychSandboxBank(state, catalogue, options, requester).mount(router);
          return router;
        });
  }

  private void unlessOutage(RoutingContext rc) {
    if (state.outage()) {
      WychSandboxResponses.error(rc, 503, "Service temporarily unavailable");
    } else {
      rc.next();
    }
  }

  /** Scheme, authority and mount point of the simulator as the client reached it. */
  static String baseUrl(RoutingContext rc) {
    return rc.get(BASE_URL_KEY);
  }

  private static void rememberBaseUrl(RoutingContext rc) {
    URI uri = URI.create(rc.request().absoluteURI());
    String mount = rc.mountPoint() == null ? "" : rc.mountPoint().replaceAll("/+$", "");
    rc.put(BASE_URL_KEY, uri.getScheme() + "://" + uri.getRawAuthority() + mount);
    rc.next();
  }

  /** Contract violations answer 400 in the WychError shape, as Wych would. */
  private static void apiFailure(RoutingContext rc) {
    Throwable failure = rc.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    if (status < 400) {
      status = 500;
    }
    if (status == 500) {
      LOG.error("Wych simulator failed", failure);
    }
    String message = failure instanceof HttpException http && http.getPayload() != null
        ? http.getPayload()
        : failure != null && status < 500 ? failure.getMessage() : "Internal server error";
    WychSandboxResponses.error(rc, status, message);
  }
}
