package dev.consentgw.gateway.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ApiKeyAuthHandler} in front of one route, on a loopback server with a dynamic port:
 * which {@code Authorization} headers get through, and as which tenant.
 */
class ApiKeyAuthHandlerTest {

  private static final String KEY = "cgw_test_key_0123456789";
  private static Vertx vertx;
  private static WebClient client;
  private static int port;
  private static ApiKeyAuthHandler handler;
  /** The limited route's clock: it never moves by itself. */
  private static final AtomicLong NANOS = new AtomicLong();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    TenantRegistry tenants = new TenantRegistry(List.of(new TenantRegistry.Registration(
        new Tenant("acme", "Acme", Set.of(), Set.of()), List.of(TenantRegistry.sha256Hex(KEY)))));
    handler = new ApiKeyAuthHandler(tenants);
    Router router = Router.router(vertx);
    router.route("/who").handler(handler).handler(rc -> rc.response().end(ApiKeyAuthHandler.tenantId(rc.user())));
    router.route("/limited")
        .handler(new ApiKeyAuthHandler(tenants, new TenantRateLimiter(new RateLimitOptions(1, 2), NANOS::get)))
        .handler(rc -> rc.response().end(ApiKeyAuthHandler.tenantId(rc.user())));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    port = server.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer " + KEY, "bearer " + KEY, "BEARER   " + KEY + "  "})
  void aKnownKeyAuthenticatesAsItsTenant(String header) throws Exception {
    HttpResponse<Buffer> response = call(header);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("acme");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic " + KEY, "Token " + KEY, "Bearer cgw_unknown_key",
      KEY, "Digest " + KEY, "Bearer" + KEY})
  void anythingElseIsRefused(String header) throws Exception {
    assertThat(call(header).statusCode()).isEqualTo(401);
  }

  @Test
  void noHeaderIsRefused() throws Exception {
    assertThat(client.get(port, "127.0.0.1", "/who").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
  }

  @Test
  void scopesAreIgnored() {
    assertThat(handler.withScope("x")).isSameAs(handler);
    assertThat(handler.withScopes(List.of("x", "y"))).isSameAs(handler);
    assertThat(handler.scopeDelimiter(",")).isSameAs(handler);
  }

  @Test
  void aLimitedTenantSeesItsBucketAndIsRefusedWhenItIsEmpty() throws Exception {
    HttpResponse<Buffer> unknown = call("/limited", "Bearer cgw_unknown_key");
    HttpResponse<Buffer> first = call("/limited", "Bearer " + KEY);
    HttpResponse<Buffer> second = call("/limited", "Bearer " + KEY);
    HttpResponse<Buffer> refused = call("/limited", "Bearer " + KEY);

    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.getHeader("RateLimit")).as("an unknown key takes nothing from a bucket").isNull();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsString()).isEqualTo("acme");
    assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"tenant\";q=2;w=2");
    assertThat(first.getHeader("RateLimit")).isEqualTo("\"tenant\";r=1;t=1");
    assertThat(first.getHeader("Retry-After")).isNull();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.getHeader("RateLimit")).isEqualTo("\"tenant\";r=0;t=2");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("RateLimit-Policy")).isEqualTo("\"tenant\";q=2;w=2");
    assertThat(refused.getHeader("RateLimit")).isEqualTo("\"tenant\";r=0;t=2");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");

    NANOS.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(call("/limited", "Bearer " + KEY).statusCode()).as("refilled").isEqualTo(200);
  }

  private static HttpResponse<Buffer> call(String authorization) throws Exception {
    return call("/who", authorization);
  }

  private static HttpResponse<Buffer> call(String path, String authorization) throws Exception {
    return client.get(port, "127.0.0.1", path).putHeader("Authorization", authorization).send()
        .await(10, TimeUnit.SECONDS);
  }
}
