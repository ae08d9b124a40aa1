package dev.consentgw.gateway.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Facade calls as a fintech's server and a user's browser make them (demo tenant, Yapily sandbox bank). */
final class Facade {

  static final String KEY = "cgw_sandbox_demo_key_4f7c1e";
  static final String REDIRECT = "http://localhost:3000/consent/return";
  static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1 as most clients behind a load balancer: Java 17's client fails every HTTP/2 stream in
  // flight when the server announces GOAWAY on shutdown, even the streams the server still answers.
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private Facade() {
  }

  static String body(String userReference) {
    return """
        {"institutionId": "yapily:thistle-sandbox", "user": {"reference": "%s"}, "permissions": ["accounts"],
         "redirectUrl": "%s"}""".formatted(userReference, REDIRECT);
  }

  static CompletableFuture<HttpResponse<String>> createAsync(String base, String userReference, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/consents"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(userReference)));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> create(String base, String userReference, String idempotencyKey) throws Exception {
    return createAsync(base, userReference, idempotencyKey).get();
  }

  static HttpResponse<String> call(String method, String url, boolean withKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (withKey) {
      request.header("Authorization", "Bearer " + KEY);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  /** The user approves at the bank; the gateway callback URL the bank sends the browser to. */
  static String approveAtBank(String authorisationUrl) throws Exception {
    HttpResponse<String> bank = call("POST", authorisationUrl + "/approve", false);
    if (bank.statusCode() != 303) {
      throw new AssertionError("bank answered " + bank.statusCode() + ": " + bank.body());
    }
    return bank.headers().firstValue("Location").orElseThrow();
  }
}
