package dev.consentgw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.app.GatewayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's examples work as shipped, as Swagger UI's "Try it out" sends them: each operation's
 * example request (first example of every path and query parameter, first example body), with the
 * demo key, against a gateway started with its defaults, answers 2xx/3xx or an error the operation
 * documents, carrying a {@code code} from that response's examples; never 400, 422 or 500.
 */
class ContractExamplesAgainstSandboxTest {

  private static final Path FACADE = Path.of("..", "openapi", "facade.yaml");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final Set<String> NEVER_PREFILLED = Set.of("Idempotency-Key", "X-Request-Id", "cursor");

  private static JsonNode contract;
  private static Vertx vertx;
  private static GatewayServer gateway;
  private static String demoKey;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    contract = new ObjectMapper(new YAMLFactory()).readTree(FACADE.toFile());
    vertx = Vertx.vertx();
    GatewayConfig config = new ConfigLoader(name -> null).loadWithOverrides("server: {port: 0, host: 127.0.0.1}");
    demoKey = config.sandbox().demoApiKey();
    gateway = GatewayServer.start(vertx, config, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void requestIdsIdempotencyKeysAndCursorsAreNeverPreFilled() {
    List<String> prefilled = new ArrayList<>();
    contract.at("/components/parameters").forEach(p -> {
      if (NEVER_PREFILLED.contains(p.path("name").asText())
          && (p.has("example") || p.has("examples") || p.at("/schema/default").isValueNode())) {
        prefilled.add(p.path("name").asText());
      }
    });
    assertThat(prefilled).as("parameters Swagger UI would send with a fixed value").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyOperationsExampleRequestWorksAgainstTheSandbox() {
    List<DynamicTest> tests = new ArrayList<>();
    contract.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (METHODS.contains(op.getKey())) {
        String name = op.getValue().path("operationId").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> check(op.getKey(), path.getKey(), op.getValue())));
      }
    }));
    assertThat(tests).hasSizeGreaterThanOrEqualTo(7);
    return tests.stream();
  }

  private static void check(String method, String template, JsonNode operation) throws Exception {
    String path = template;
    StringBuilder query = new StringBuilder();
    for (JsonNode parameter : operation.path("parameters")) {
      JsonNode p = resolve(parameter);
      JsonNode example = firstExample(p);
      if (example == null) {
        continue;
      }
      // An array parameter (form, exploded) is sent with its first example item.
      JsonNode single = example.isArray() ? example.path(0) : example;
      String value = URLEncoder.encode(single.asText(), StandardCharsets.UTF_8).replace("+", "%20");
      switch (p.path("in").asText()) {
        case "path" -> path = path.replace("{" + p.path("name").asText() + "}", value);
        case "query" -> query.append(query.isEmpty() ? "?" : "&").append(p.path("name").asText()).append('=').append(value);
        default -> { }
      }
    }
    JsonNode body = firstExample(operation.at("/requestBody/content/application~1json"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.publicBaseUrl() + path + query))
        .timeout(Duration.ofSeconds(20))
        .header("Accept", "application/json, application/problem+json")
        .method(method.toUpperCase(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (!operation.has("security") || !operation.path("security").isEmpty()) {
      request.header("Authorization", "Bearer " + demoKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    String what = method.toUpperCase() + " " + path + query + " answered " + response.statusCode() + ": "
        + response.body();
    int status = response.statusCode();
    if (status < 400) {
      assertThat(operation.path("responses").has(String.valueOf(status))).as(what + " (undocumented status)").isTrue();
      return;
    }
    assertThat(status).as(what).isNotIn(400, 422, 500);
    JsonNode documented = operation.path("responses").path(String.valueOf(status));
    assertThat(documented.isMissingNode()).as(what + " (undocumented status)").isFalse();
    Set<String> codes = documentedCodes(resolve(documented));
    assertThat(codes).as(what).contains(new JsonObject(response.body()).getString("code"));
  }

  private static Set<String> documentedCodes(JsonNode response) {
    Set<String> codes = new HashSet<>();
    response.path("content").forEach(media -> media.path("examples").forEach(
        e -> codes.add(resolve(e).at("/value/code").asText())));
    return codes;
  }

  private static JsonNode firstExample(JsonNode holder) {
    if (holder.has("example")) {
      return holder.get("example");
    }
    var examples = holder.path("examples").elements();
    return examples.hasNext() ? resolve(examples.next()).get("value") : null;
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      current = contract.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }
}
