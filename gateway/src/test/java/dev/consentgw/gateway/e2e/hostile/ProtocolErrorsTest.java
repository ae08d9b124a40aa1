package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.gateway.facade.StartingHandler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings 4 and 5 (and the {@code Expect} half of 3): whatever the gateway answers itself is a
 * problem document with a code and {@code X-Request-Id}; bytes that are not HTTP only close the
 * connection; none of it logs an ERROR or a stack trace.
 */
class ProtocolErrorsTest {

  private static final String AUTH = "Authorization: Bearer " + GatewayTestKit.ACME_KEY + "\r\n";
  private static GatewayTestKit kit;
  private LogWatch logs;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @BeforeEach
  void watchLogs() {
    logs = new LogWatch();
  }

  @AfterEach
  void noErrorsLogged() {
    logs.close();
    assertThat(logs.errorsOrStackTraces()).isEmpty();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("invalid percent-escape", "GET /x%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed_request", false),
        Arguments.of("duplicate Content-Length", "POST /v1/consents HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
            + "Content-Length: 2\r\n\r\n{}", 400, "malformed_request", true),
        Arguments.of("non-numeric Content-Length", "POST /v1/consents HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
            400, "malformed_request", true),
        Arguments.of("NUL in a header", "GET /v1/institutions HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n", 400,
            "malformed_request", true),
        Arguments.of("bare CR in a header", "GET /v1/institutions HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n", 400,
            "malformed_request", true),
        Arguments.of("unknown HTTP version", "GET /v1/institutions HTTP/9.9\r\nHost: a\r\n\r\n", 505,
            "http_version_not_supported", true),
        Arguments.of("missing Host", "GET /v1/institutions HTTP/1.1\r\n\r\n", 400, "malformed_request", false),
        Arguments.of("URI too long", "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "uri_too_long",
            true),
        Arguments.of("headers too large", "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + "a".repeat(9000) + "\r\n\r\n", 431,
            "headers_too_large", true),
        Arguments.of("unsupported Expect", "GET /v1/institutions HTTP/1.1\r\nHost: a\r\n" + AUTH + "Expect: foo\r\n\r\n",
            417, "expectation_failed", false),
        Arguments.of("unsupported Expect on a body", "POST /v1/consents HTTP/1.1\r\nHost: a\r\n" + AUTH
            + "Expect: foo\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 417, "expectation_failed",
            false),
        Arguments.of("unknown route", "GET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not_found", false),
        Arguments.of("body too large", "POST /v1/consents HTTP/1.1\r\nHost: a\r\n" + AUTH
            + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n{\"a\":\"" + "a".repeat(69990) + "\"}",
            413, "payload_too_large", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void answersWithAProblemDocument(String what, String request, int status, String code, boolean closes)
      throws Exception {
    RawHttp.Response response = RawHttp.exchange(kit.server.port(), request);

    assertThat(response.status()).as(what).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.header("X-Request-Id")).isNotBlank();
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("traceId")).isEqualTo(response.header("X-Request-Id"));
    if (closes) {
      assertThat(response.header("Connection")).isEqualTo("close");
    }
  }

  @Test
  void anUnsupportedMethodOnARealPathIs405WithAllow() throws Exception {
    RawHttp.Response response = RawHttp.exchange(kit.server.port(),
        "PUT /v1/institutions HTTP/1.1\r\nHost: a\r\n" + AUTH + "Content-Length: 0\r\n\r\n");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("method_not_allowed");
    assertThat(response.header("X-Request-Id")).isNotBlank();

    RawHttp.Response consents = RawHttp.exchange(kit.server.port(),
        "DELETE /v1/consents HTTP/1.1\r\nHost: a\r\n" + AUTH + "\r\n");
    assertThat(consents.status()).isEqualTo(405);
    assertThat(consents.header("Allow")).isEqualTo("POST");
  }

  @Test
  void headIsAnsweredLikeGetWithoutABody() throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", kit.server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("HEAD /health/live HTTP/1.1\r\nHost: a\r\n\r\nGET /health/live HTTP/1.1\r\nHost: a\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      var in = socket.getInputStream();
      String head = new String(readUntilBlankLine(in), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("x-request-id");
      // The next response follows at once: the HEAD answer carried no body.
      RawHttp.Response next = RawHttp.read(in);
      assertThat(next.status()).isEqualTo(200);
      assertThat(new JsonObject(next.body()).getString("status")).isEqualTo("UP");
    }
  }

  @Test
  void anInvalidChunkSizeIsAnsweredOrClosedWithoutAnErrorLog() throws Exception {
    RawHttp.Response response = RawHttp.exchange(kit.server.port(), "POST /v1/consents HTTP/1.1\r\nHost: a\r\n" + AUTH
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

    if (!response.dropped()) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("malformed_request");
      assertThat(response.header("X-Request-Id")).isNotBlank();
    }
  }

  @Test
  void bytesThatAreNotHttpCloseTheConnection() throws Exception {
    RawHttp.Response response = RawHttp.exchange(kit.server.port(), "\u0016\u0003\u0001\u0002\u0000garbage\r\n\r\n");

    assertThat(response.dropped()).isTrue();
  }

  @Test
  void whileStartingEveryRequestGetsServiceStartingWithRetryAfter() throws Exception {
    HttpServer starting = kit.vertx.createHttpServer().requestHandler(new StartingHandler()).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    try {
      RawHttp.Response response = RawHttp.exchange(starting.actualPort(),
          "GET /v1/institutions HTTP/1.1\r\nHost: a\r\nX-Request-Id: start-1\r\n\r\n");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("1");
      assertThat(response.header("X-Request-Id")).isEqualTo("start-1");
      JsonObject problem = new JsonObject(response.body());
      assertThat(problem.getString("code")).isEqualTo("service_starting");
      assertThat(problem.getString("traceId")).isEqualTo("start-1");
    } finally {
      starting.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static byte[] readUntilBlankLine(java.io.InputStream in) throws java.io.IOException {
    var out = new java.io.ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return out.toByteArray();
  }
}
