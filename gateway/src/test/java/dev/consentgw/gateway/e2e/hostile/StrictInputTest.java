package dev.consentgw.gateway.e2e.hostile;

import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings 3 and 8: no body yields a 5xx, only {@code application/json} (optionally
 * {@code charset=utf-8}) is read, and invalid UTF-8, byte-order marks, UTF-16 and duplicate
 * members are refused with {@code 400 validation_failed} before anything is stored.
 */
class StrictInputTest {

  private static GatewayTestKit kit;

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  private static String consent(String userJson) {
    return """
        {"institutionId":"yapily:thistle-sandbox","user":%s,"permissions":["accounts"],
         "redirectUrl":"%s/sandbox/return"}""".formatted(userJson, kit.baseUrl());
  }

  private static RawHttp.Response post(String contentType, byte[] body) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(("POST /v1/consents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + GatewayTestKit.ACME_KEY
        + "\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "Content-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    request.write(body);
    return RawHttp.exchange(kit.server.port(), request.toByteArray());
  }

  private static JsonObject problem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("X-Request-Id")).isNotBlank();
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    return problem;
  }

  @Test
  void anEmptyEmailIsAValidationFailureNotA500() throws Exception {
    RawHttp.Response response = post("application/json", consent("{\"reference\":\"u-1\",\"email\":\"\"}")
        .getBytes(StandardCharsets.UTF_8));

    JsonObject problem = problem(response, 400, "validation_failed");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/user/email");
  }

  @Test
  void aValidBodyWithCharsetIsAccepted() throws Exception {
    RawHttp.Response response = post("application/json; charset=UTF-8", consent("{\"reference\":\"u-2\"}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/jsonx", "application/json, text/plain", "text/plain",
      "application/json; charset=latin1", "application/json; charset=utf-8; x=1", "application/x-www-form-urlencoded"})
  void anythingButJsonIsUnsupportedMediaType(String contentType) throws Exception {
    RawHttp.Response response = post(contentType, consent("{\"reference\":\"u-3\"}").getBytes(StandardCharsets.UTF_8));

    problem(response, 415, "unsupported_media_type");
  }

  @Test
  void aBodyWithoutContentTypeIsUnsupportedMediaType() throws Exception {
    problem(post(null, consent("{\"reference\":\"u-4\"}").getBytes(StandardCharsets.UTF_8)), 415,
        "unsupported_media_type");
  }

  @Test
  void overlongUtf8IsRefused() throws Exception {
    byte[] body = consent("{\"reference\":\"u-5\"}").replace("u-5", "u-5XX").getBytes(StandardCharsets.UTF_8);
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("XX");
    body[at] = (byte) 0xC0;
    body[at + 1] = (byte) 0xAF;

    problem(post("application/json", body), 400, "validation_failed");
  }

  @Test
  void duplicateMembersAreRefusedWithTheirPointer() throws Exception {
    RawHttp.Response response = post("application/json",
        consent("{\"reference\":\"u-6\",\"reference\":\"u-7\"}").getBytes(StandardCharsets.UTF_8));

    JsonObject problem = problem(response, 400, "validation_failed");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/user/reference");
  }

  @Test
  void aByteOrderMarkIsRefused() throws Exception {
    byte[] json = consent("{\"reference\":\"u-8\"}").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[json.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(json, 0, body, 3, json.length);

    problem(post("application/json", body), 400, "validation_failed");
  }

  @Test
  void utf16IsRefused() throws Exception {
    problem(post("application/json", consent("{\"reference\":\"u-9\"}").getBytes(StandardCharsets.UTF_16LE)), 400,
        "validation_failed");
    problem(post("application/json", consent("{\"reference\":\"u-9\"}").getBytes(StandardCharsets.UTF_16)), 400,
        "validation_failed");
  }

  @Test
  void deepNestingIsAValidationFailure() throws Exception {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    problem(post("application/json", consent("{\"reference\":\"u-10\",\"x\":" + deep + "}")
        .getBytes(StandardCharsets.UTF_8)), 400, "validation_failed");
  }
}
