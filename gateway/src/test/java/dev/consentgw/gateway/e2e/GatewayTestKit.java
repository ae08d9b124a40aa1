package dev.consentgw.gateway.e2e;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.app.GatewayServer;
import dev.consentgw.gateway.app.Telemetry;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.sdk.ApiClient;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway per test class on a random port, in sandbox mode, with two test tenants, a clock the
 * test controls, SDK clients per tenant and a "browser" that walks the simulated bank pages.
 */
public final class GatewayTestKit implements AutoCloseable {

  public static final String ACME_KEY = "test-acme-key-0001-b7c4e2";
  public static final String GLOBEX_KEY = "test-globex-key-0002-a9d1f0";

  public final Vertx vertx;
  public final MutableClock clock = MutableClock.startingNow();
  public final Telemetry telemetry;
  public final GatewayServer server;
  private final HttpClient browser = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayTestKit(String extraYaml) throws Exception {
    this(extraYaml, null);
  }

  /** @param tracing the OpenTelemetry the gateway traces with (an in-memory exporter), or null for the configured one */
  private GatewayTestKit(String extraYaml, OpenTelemetry tracing) throws Exception {
    GatewayConfig config = new ConfigLoader(name -> null).loadWithOverrides("""
        server: {port: 0, host: 127.0.0.1}
        tenants:
          - id: acme
            name: Acme Lending
            apiKeySha256: [%s]
            redirectUrls: ["{publicBaseUrl}/sandbox/return"]
            providers: [wych, yapily]
          - id: globex
            name: Globex Budgeting
            apiKeySha256: [%s]
            redirectUrls: ["{publicBaseUrl}/sandbox/return"]
            providers: [yapily]
        """.formatted(TenantRegistry.sha256Hex(ACME_KEY), TenantRegistry.sha256Hex(GLOBEX_KEY))
        // Background tracking reads providers on a timer of its own: off unless the test configures it,
        // so that upstream call counts stay exact.
        + (extraYaml.contains("lifecycle:") ? "" : "lifecycle: {enabled: false}\n") + extraYaml);
    telemetry = tracing == null ? Telemetry.create(config) : Telemetry.create(config, tracing);
    vertx = telemetry.vertx();
    server = GatewayServer.start(vertx, telemetry, config, clock).await(30, TimeUnit.SECONDS);
  }

  public static GatewayTestKit start() throws Exception {
    return new GatewayTestKit("");
  }

  public static GatewayTestKit start(String extraYaml) throws Exception {
    return new GatewayTestKit(extraYaml);
  }

  /** A gateway tracing with {@code tracing} (e.g. an SDK with an in-memory span exporter). */
  public static GatewayTestKit tracedWith(OpenTelemetry tracing, String extraYaml) throws Exception {
    return new GatewayTestKit(extraYaml, tracing);
  }

  public String baseUrl() {
    return server.publicBaseUrl();
  }

  /** The facade SDK as a tenant would configure it. */
  public ApiClient sdk(String apiKey) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl());
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    return client;
  }

  /** A browser request (no API key, no redirects followed). */
  public HttpResponse<String> browse(String method, String url) throws Exception {
    return browse(method, url, null);
  }

  /** A plain HTTP request with the given headers, for raw problem-document checks. */
  public HttpResponse<String> raw(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return browser.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The user opens {@code authorisationUrl} (through the gateway's entry URL for a journey bound to
   * the browser) and decides at the simulated bank: POST {@code <bank page>/approve|deny}, which
   * answers 303 to the gateway callback, visited with the binding cookie; the callback answers 303 onwards. Returns that second
   * response (its Location is the tenant's redirect URL, or the next bank page).
   */
  public HttpResponse<String> decideAtBank(String authorisationUrl, String decision) throws Exception {
    BankVisit visit = openAuthorisationUrl(authorisationUrl);
    return browse("GET", location(decide(visit.bankUrl(), decision)), visit.cookie());
  }

  /** The user decides on the simulated bank page {@code bankUrl}; returns the bank's 303 to the gateway callback. */
  public HttpResponse<String> decide(String bankUrl, String decision) throws Exception {
    HttpResponse<String> bank = browse("POST", bankUrl + "/" + decision);
    if (bank.statusCode() != 303) {
      throw new AssertionError("bank answered " + bank.statusCode() + ": " + bank.body());
    }
    return bank;
  }

  /**
   * Where a browser opening a consent's {@code authorisationUrl} lands, and the journey binding
   * cookie it then holds ({@code name=value}, or null when the journey is not bound to the browser).
   */
  public record BankVisit(String bankUrl, String cookie) {
  }

  /**
   * A browser opens {@code authorisationUrl}: a gateway entry URL (Wych) answers 303 to the bank
   * and sets the binding cookie; any other URL is the bank's page itself.
   */
  public BankVisit openAuthorisationUrl(String authorisationUrl) throws Exception {
    if (!authorisationUrl.startsWith(baseUrl() + "/v1/journeys/")) {
      return new BankVisit(authorisationUrl, null);
    }
    HttpResponse<String> entry = browse("GET", authorisationUrl);
    if (entry.statusCode() != 303) {
      throw new AssertionError("journey entry answered " + entry.statusCode() + ": " + entry.body());
    }
    String setCookie = entry.headers().firstValue("Set-Cookie")
        .orElseThrow(() -> new AssertionError("journey entry set no cookie"));
    return new BankVisit(location(entry), setCookie.substring(0, setCookie.indexOf(';')));
  }

  /** A browser request carrying {@code cookie} ({@code name=value}; none when null). */
  public HttpResponse<String> browse(String method, String url, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static String location(HttpResponse<?> response) {
    return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
  }

  public static Map<String, String> query(String url) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = URI.create(url).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    telemetry.close();
  }
}
