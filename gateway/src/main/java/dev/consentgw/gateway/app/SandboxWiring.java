package dev.consentgw.gateway.app;

import dev.consentgw.gateway.adapter.wych.WychOptions;
import dev.consentgw.gateway.adapter.yapily.YapilyOptions;
import dev.consentgw.gateway.sandbox.SandboxRequester;
import dev.consentgw.gateway.sandbox.SandboxReturnPage;
import dev.consentgw.gateway.sandbox.SandboxWebhookReceiver;
import dev.consentgw.gateway.sandbox.wych.WychSandboxControl;
import dev.consentgw.gateway.sandbox.wych.WychSimulator;
import dev.consentgw.gateway.sandbox.wych.WychSimulatorOptions;
import dev.consentgw.gateway.sandbox.yapily.YapilySandboxControl;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulator;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded sandbox: the Wych and Yapily simulators under {@code /sandbox/wych} and
 * {@code /sandbox/yapily}, and the demo fintech's return page, on the gateway's own server.
 * Adapters of providers without a configured base URL are pointed here with the sandbox's
 * published credentials.
 */
public final class SandboxWiring {

  static final String WYCH_MOUNT = "/sandbox/wych";
  static final String YAPILY_MOUNT = "/sandbox/yapily";
  static final String RETURN_PAGE = "/sandbox/return";

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String publicBaseUrl;
  private final Clock clock;
  private Controls controls;

  /** The simulators' controls, for tests that drive them (revoke or expire at the bank, fail a bank). */
  public record Controls(WychSandboxControl wych, YapilySandboxControl yapily) {
  }

  /** @param clock the gateway's clock, which the simulators share so tests can age consents on both sides */
  SandboxWiring(Vertx vertx, GatewayConfig config, String publicBaseUrl, Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.config = config;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** The configured Wych options, pointed at the simulator with its published credentials. */
  WychOptions wych(WychOptions configured) {
    return configured.toward(publicBaseUrl + WYCH_MOUNT + "/v3", publicBaseUrl + WYCH_MOUNT + "/auth/token",
        WychSimulatorOptions.SANDBOX_API_KEY, WychSimulatorOptions.SANDBOX_CLIENT_ID,
        WychSimulatorOptions.SANDBOX_CLIENT_SECRET, WychSimulatorOptions.SANDBOX_PARTNER_ID,
        WychSimulatorOptions.SANDBOX_APP_ID);
  }

  /** The configured Yapily options, pointed at the simulator with its published credentials. */
  YapilyOptions yapily(YapilyOptions configured) {
    return configured.toward(publicBaseUrl + YAPILY_MOUNT, YapilySimulatorOptions.SANDBOX_APPLICATION_ID,
        YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET);
  }

  /** Empty when the sandbox is off. */
  Optional<Controls> controls() {
    return Optional.ofNullable(controls);
  }

  Future<Void> mount(Router router) {
    if (!config.sandbox().enabled()) {
      return Future.succeededFuture();
    }
    int extra = config.sandbox().catalogueSize();
    WychSimulatorOptions wych = new WychSimulatorOptions(WychSimulatorOptions.SANDBOX_API_KEY,
        WychSimulatorOptions.SANDBOX_CLIENT_ID, WychSimulatorOptions.SANDBOX_CLIENT_SECRET,
        WychSimulatorOptions.SANDBOX_PARTNER_ID, WychSimulatorOptions.SANDBOX_APP_ID,
        publicBaseUrl + "/v1/callbacks/wych", WychSimulatorOptions.DEFAULT_TOKEN_LIFETIME, extra);
    YapilySimulatorOptions yapily = YapilySimulatorOptions.sandbox(extra);
    Map<String, String> names = new LinkedHashMap<>();
    config.tenants().forEach(t -> names.put(t.id(), t.name()));
    SandboxRequester requester = new SandboxRequester(names);
    router.get(RETURN_PAGE).handler(new SandboxReturnPage());
    EventsWiring.sandboxSecret(config).ifPresent(secret -> new SandboxWebhookReceiver(secret, clock).mount(router));
    WychSimulator wychSimulator = new WychSimulator(vertx, wych, clock, requester);
    YapilySimulator yapilySimulator = new YapilySimulator(vertx, yapily, requester, clock);
    controls = new Controls(wychSimulator.control(), yapilySimulator.control());
    return Future.all(wychSimulator.router(), yapilySimulator.router())
        .map(all -> {
          router.route(WYCH_MOUNT + "/*").subRouter(all.resultAt(0));
          router.route(YAPILY_MOUNT + "/*").subRouter(all.resultAt(1));
          return null;
        });
  }
}
