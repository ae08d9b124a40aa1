package dev.consentgw.contracts;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.HttpsTestTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP to a live provider, for setting up provider states through its own API. Blocking:
 * provider states run on the test thread.
 */
public final class LiveHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  /** The Pact test target for a base URL (scheme, host, port and path prefix). */
  public static HttpTestTarget target(String baseUrl) throws IOException {
    URL url = URI.create(baseUrl).toURL();
    return "https".equals(url.getProtocol()) ? HttpsTestTarget.fromUrl(url) : HttpTestTarget.fromUrl(url);
  }

  /**
   * Sends a request and reads the JSON answer; fails on any status but 2xx.
   *
   * @param body a JSON value, a pre-encoded form (with its content type in {@code headers}), or null
   */
  public JsonNode send(String method, String url, Map<String, String> headers, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Accept", "application/json");
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else if (body instanceof String encoded) {
      request.method(method, HttpRequest.BodyPublishers.ofString(encoded));
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status / 100 != 2) {
      // The body is left out: it may echo credentials.
      throw new IllegalStateException(method + " " + URI.create(url).getPath() + " answered " + status
          + " while setting up a provider state");
    }
    return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
  }
}
