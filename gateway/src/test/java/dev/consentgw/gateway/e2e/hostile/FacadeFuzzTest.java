package dev.consentgw.gateway.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec-driven fuzzing: requests derived from {@code openapi/facade.yaml} (each operation's example
 * request, then one field mutated at a time, wrong content types, broken bodies, random methods and
 * paths) and broken framing over raw sockets, against a running gateway. Seeded: a failure prints
 * the seed, and {@code -Dfuzz.seed=<seed>} replays the same run. Asserts no response is a 5xx, no
 * well-framed request loses its connection, every error is a problem document with its request id,
 * nothing is logged at ERROR, and the gateway is healthy with a bounded heap afterwards.
 */
class FacadeFuzzTest {

  private static final int HTTP_REQUESTS = 10_000;
  private static final int RAW_REQUESTS = 300;
  private static final int IN_FLIGHT = 16;
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_130L);
  private static final Pattern CODE = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD",
      "TRACE", "PROPFIND", "X-FUZZ");
  private static final String[] EVIL_STRINGS = {"", " ", "\u0000", "a\u0000b", "\uFFFF", "\uD83D\uDE00", "%00", "%zz",
      "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "\r\nX-Injected: 1",
      "9".repeat(400), "-1", "0", "1e309", "NaN", "null", "true", "yapily:", ":", "wych:x:y", "\u202E", "é".repeat(300)};

  private static GatewayTestKit kit;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One operation from the contract, with a request that should pass validation. */
  private record Operation(String method, String pathTemplate, Map<String, String> pathParams,
      Map<String, String> queryParams, ObjectNode body, boolean authenticated) {
  }

  /** One generated request and what it is, for the failure report. */
  private record Sent(String description, HttpRequest request) {
  }

  @BeforeAll
  static void start() throws Exception {
    kit = GatewayTestKit.start("""
        security:
          rateLimit: {requestsPerSecond: 1000000, burst: 1000000}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
  }

  @Test
  void noGeneratedRequestHurtsTheGateway() throws Exception {
    List<Operation> operations = operations();
    assertThat(operations).hasSizeGreaterThanOrEqualTo(6);
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    long heapBefore = usedHeapAfterGc();

    try (LogWatch logs = new LogWatch()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (int i = 0; i < HTTP_REQUESTS; i++) {
        Sent sent = generate(random, operations, i);
        inFlight.acquire();
        pending.add(client.sendAsync(sent.request(), HttpResponse.BodyHandlers.ofString())
            .handle((response, error) -> {
              inFlight.release();
              String problem = error != null ? "connection lost: " + error : check(sent, response);
              if (problem != null) {
                found.add(sent.description() + " -> " + problem);
              }
              return null;
            }));
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
      failures.addAll(found);

      for (int i = 0; i < RAW_REQUESTS; i++) {
        byte[] bytes = brokenFraming(random);
        RawHttp.Response response = RawHttp.exchange(kit.server.port(), bytes);
        if (response.status() == -2) {
          failures.add("raw #" + i + " -> no answer and connection left open");
        } else if (response.status() >= 500) {
          failures.add("raw #" + i + " " + new String(bytes, 0, Math.min(80, bytes.length), StandardCharsets.ISO_8859_1)
              + " -> " + response.status());
        } else if (!response.dropped() && problemOf(response.status(), response.header("Content-Type"),
            response.header("X-Request-Id"), response.body()) != null) {
          failures.add("raw #" + i + " -> " + problemOf(response.status(), response.header("Content-Type"),
              response.header("X-Request-Id"), response.body()));
        }
      }
      failures.addAll(logs.errorsOrStackTraces().stream().map(line -> "logged: " + line).toList());
    }

    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(kit.baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    long heapGrowth = usedHeapAfterGc() - heapBefore;

    assertThat(failures).as("fuzz seed %d (replay with -Dfuzz.seed=%d): %d failures", SEED, SEED, failures.size())
        .isEmpty();
    assertThat(health.statusCode()).as("fuzz seed %d: health after the run", SEED).isEqualTo(200);
    assertThat(heapGrowth).as("fuzz seed %d: heap growth after GC", SEED).isLessThan(128L * 1024 * 1024);
  }

  // ------------------------------------------------------------------ checks

  private static String check(Sent sent, HttpResponse<String> response) {
    if (sent.request().uri().getRawPath().startsWith("/sandbox/")) {
      // The embedded simulators answer in their providers' own error formats, on purpose.
      return response.statusCode() >= 500 ? "status " + response.statusCode() : null;
    }
    return problemOf(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
        response.headers().firstValue("X-Request-Id").orElse(null),
        sent.request().method().equals("HEAD") ? null : response.body());
  }

  /** Null when the response is acceptable: below 500, and every error a problem document with its request id. */
  private static String problemOf(int status, String contentType, String requestId, String body) {
    if (status >= 500) {
      return "status " + status + " " + body;
    }
    if (requestId == null || requestId.isBlank()) {
      return "status " + status + " without X-Request-Id";
    }
    if (status < 400 || body == null) {
      return null;
    }
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      return "status " + status + " with Content-Type " + contentType;
    }
    try {
      JsonObject problem = new JsonObject(body);
      if (problem.getString("code") == null || !CODE.matcher(problem.getString("code")).matches()
          || !Integer.valueOf(status).equals(problem.getInteger("status"))
          || !requestId.equals(problem.getString("traceId"))) {
        return "status " + status + " with a malformed problem " + body;
      }
      return null;
    } catch (RuntimeException e) {
      return "status " + status + " with a body that is not JSON: " + body;
    }
  }

  // ------------------------------------------------------------------ generation

  private static Sent generate(Random random, List<Operation> operations, int index) {
    Operation op = operations.get(random.nextInt(operations.size()));
    int kind = random.nextInt(10);
    Map<String, String> path = new java.util.LinkedHashMap<>(op.pathParams());
    Map<String, String> query = new java.util.LinkedHashMap<>(op.queryParams());
    String method = op.method();
    String contentType = "application/json";
    String auth = "Bearer " + GatewayTestKit.ACME_KEY;
    byte[] body = op.body() == null ? null : bytes(op.body());
    String what;
    switch (kind) {
      case 0, 1, 2 -> {
        if (op.body() != null) {
          ObjectNode mutated = op.body().deepCopy();
          what = mutateOneField(random, mutated);
          body = what.startsWith("raw:") ? rawMutation(random, bytes(mutated)) : bytes(mutated);
        } else {
          what = "valid";
        }
      }
      case 3 -> {
        List<String> names = new ArrayList<>(path.keySet());
        names.addAll(query.keySet());
        if (names.isEmpty()) {
          query.put("unexpected", evil(random));
          what = "extra query parameter";
        } else {
          String name = names.get(random.nextInt(names.size()));
          String value = evil(random);
          (path.containsKey(name) ? path : query).put(name, value);
          what = "parameter " + name + "=" + printable(value);
        }
      }
      case 4 -> {
        contentType = List.of("application/jsonx", "text/plain", "application/json, text/plain",
            "application/json; charset=latin1", "multipart/form-data", "application/xml", "application/json;;",
            "*/*").get(random.nextInt(8));
        body = body == null ? "{}".getBytes(StandardCharsets.UTF_8) : body;
        method = op.body() == null ? "POST" : method;
        what = "content type " + contentType;
      }
      case 5 -> {
        method = METHODS.get(random.nextInt(METHODS.size()));
        what = "method " + method;
      }
      case 6 -> {
        auth = List.of("", "Bearer ", "Bearer wrong", "Basic YTpi", "Bearer " + GatewayTestKit.GLOBEX_KEY)
            .get(random.nextInt(5));
        what = "authorization '" + auth + "'";
      }
      case 7 -> {
        body = switch (random.nextInt(4)) {
          case 0 -> ("[".repeat(2000 + random.nextInt(3000))).getBytes(StandardCharsets.UTF_8);
          case 1 -> new byte[70_000 + random.nextInt(10_000)];
          case 2 -> randomBytes(random, 1 + random.nextInt(300));
          default -> "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
        };
        method = op.body() == null ? "POST" : method;
        what = "broken body";
      }
      default -> what = "valid";
    }
    String uri = kit.baseUrl() + expand(op.pathTemplate(), path) + queryString(query);
    if (kind == 8 && random.nextBoolean()) {
      uri = kit.baseUrl() + randomPath(random);
      what = "random path";
    }
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(uri));
    } catch (IllegalArgumentException e) {
      builder = HttpRequest.newBuilder(URI.create(kit.baseUrl() + "/v1/%7Bnot-a-uri%7D"));
    }
    builder.timeout(Duration.ofSeconds(20)).header("Accept", "application/problem+json, application/json");
    if (!auth.isEmpty()) {
      builder.header("Authorization", auth);
    }
    if (body != null) {
      builder.header("Content-Type", contentType);
    }
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (op.method().equals("POST") && random.nextBoolean()) {
      builder.header("Idempotency-Key", "fuzz-" + index);
    }
    return new Sent("#" + index + " " + op.method() + " " + op.pathTemplate() + " [" + what + "] as " + method, builder.build());
  }

  /** Replaces one member of the body (at any depth) with a value of the wrong type, size or encoding. */
  private static String mutateOneField(Random random, ObjectNode body) {
    List<String> pointers = new ArrayList<>();
    collect(body, "", pointers);
    String pointer = pointers.get(random.nextInt(pointers.size()));
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = body.at(pointer.substring(0, slash));
    String name = pointer.substring(slash + 1);
    JsonNodeFactory f = JsonNodeFactory.instance;
    int choice = random.nextInt(12);
    if (choice == 11) {
      return "raw: invalid UTF-8 / NUL / duplicate key near " + pointer;
    }
    JsonNode value = switch (choice) {
      case 0 -> f.numberNode(random.nextLong());
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.nullNode();
      case 3 -> f.arrayNode().add(evil(random));
      case 4 -> f.objectNode().put("x", evil(random));
      case 5 -> f.textNode(evil(random));
      case 6 -> f.textNode("x".repeat(1 + random.nextInt(4096)));
      case 7 -> f.numberNode(new java.math.BigDecimal("1e" + random.nextInt(400)));
      case 8 -> deep(f, 50 + random.nextInt(900));
      case 9 -> f.textNode("");
      default -> f.numberNode(-1);
    };
    if (parent instanceof ObjectNode object) {
      if (random.nextInt(8) == 0) {
        object.remove(name);
        return "removed " + pointer;
      }
      object.set(name, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(name), value);
    }
    return pointer + " := " + printable(value.toString());
  }

  private static byte[] rawMutation(Random random, byte[] json) {
    byte[][] inserts = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}};
    String text = new String(json, StandardCharsets.UTF_8);
    if (random.nextInt(4) == 0 && text.length() > 2) {
      int brace = text.indexOf('{') + 1;
      return (text.substring(0, brace) + "\"institutionId\":\"dup\"," + text.substring(brace)).getBytes(StandardCharsets.UTF_8);
    }
    byte[] insert = inserts[random.nextInt(inserts.length)];
    int quote = text.indexOf('"', 1 + random.nextInt(Math.max(1, text.length() - 1)));
    int at = quote < 0 ? json.length / 2 : quote + 1;
    byte[] out = new byte[json.length + insert.length];
    System.arraycopy(json, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(json, at, out, at + insert.length, json.length - at);
    return out;
  }

  private static byte[] brokenFraming(Random random) {
    String auth = "Authorization: Bearer " + GatewayTestKit.ACME_KEY + "\r\n";
    String head = "POST /v1/consents HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Type: application/json\r\n";
    String s = switch (random.nextInt(12)) {
      case 0 -> head + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}";
      case 1 -> head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(random.nextInt()) + "zz\r\n{}\r\n0\r\n\r\n";
      case 2 -> head + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
      case 3 -> "GET /v1/institutions HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\n\r\n";
      case 4 -> "GET /v1/institutions HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\n\r\n";
      case 5 -> "GET /" + "a".repeat(4000 + random.nextInt(4000)) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
      case 6 -> "GET / HTTP/1.1\r\nHost: localhost\r\nX-A: " + "b".repeat(8000 + random.nextInt(4000)) + "\r\n\r\n";
      case 7 -> "GET /v1/%" + (char) ('g' + random.nextInt(10)) + "z HTTP/1.1\r\nHost: localhost\r\n\r\n";
      case 8 -> "GET /v1/institutions HTTP/1.1\r\n\r\n";
      case 9 -> head + "Content-Length: -1\r\n\r\n";
      case 10 -> "GET /v1/institutions HTTP/1.1\r\nHost: localhost\r\n" + auth + "Expect: " + evilToken(random) + "\r\n\r\n";
      default -> new String(randomBytes(random, 1 + random.nextInt(200)), StandardCharsets.ISO_8859_1) + "\r\n\r\n";
    };
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // ------------------------------------------------------------------ the contract

  private static List<Operation> operations() throws IOException {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "openapi", "facade.yaml").toFile());
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
        Map.Entry<String, JsonNode> method = methods.next();
        JsonNode operation = method.getValue();
        if (!operation.has("operationId")) {
          continue;
        }
        Map<String, String> pathParams = new java.util.LinkedHashMap<>();
        Map<String, String> queryParams = new java.util.LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
          JsonNode p = resolve(spec, parameter);
          String value = exampleOf(spec, p);
          if (p.path("in").asText().equals("path")) {
            pathParams.put(p.path("name").asText(), value);
          } else if (p.path("in").asText().equals("query") && p.path("required").asBoolean()) {
            queryParams.put(p.path("name").asText(), value);
          }
        }
        ObjectNode body = null;
        JsonNode content = operation.path("requestBody").path("content").path("application/json");
        if (!content.isMissingNode()) {
          Iterator<JsonNode> examples = content.path("examples").elements();
          body = examples.hasNext() ? (ObjectNode) examples.next().path("value").deepCopy() : JSON.createObjectNode();
          if (body.has("redirectUrl")) {
            body.put("redirectUrl", kit.baseUrl() + "/sandbox/return");
          }
          if (body.has("institutionId")) {
            body.put("institutionId", "yapily:thistle-sandbox");
          }
        }
        boolean authenticated = !(operation.has("security") && operation.path("security").isEmpty());
        operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), pathParams, queryParams, body,
            authenticated));
      }
    }
    return operations;
  }

  private static JsonNode resolve(JsonNode spec, JsonNode node) {
    return node.has("$ref") ? spec.at(node.path("$ref").asText().substring(1)) : node;
  }

  private static String exampleOf(JsonNode spec, JsonNode parameter) {
    if (parameter.has("example")) {
      return parameter.path("example").asText();
    }
    JsonNode examples = parameter.path("examples");
    if (examples.isObject() && examples.elements().hasNext()) {
      return examples.elements().next().path("value").asText();
    }
    JsonNode schema = resolve(spec, parameter.path("schema"));
    if (schema.path("examples").isArray() && !schema.path("examples").isEmpty()) {
      return schema.path("examples").get(0).asText();
    }
    if (schema.has("enum")) {
      return schema.path("enum").get(0).asText();
    }
    return schema.has("default") ? schema.path("default").asText() : "x";
  }

  // ------------------------------------------------------------------ helpers

  private static void collect(JsonNode node, String at, List<String> pointers) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String pointer = at + "/" + e.getKey();
        pointers.add(pointer);
        collect(e.getValue(), pointer, pointers);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        pointers.add(at + "/" + i);
        collect(node.get(i), at + "/" + i, pointers);
      }
    }
  }

  private static JsonNode deep(JsonNodeFactory f, int depth) {
    JsonNode node = f.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = i % 2 == 0 ? f.arrayNode().add(node) : f.objectNode().set("n", node);
    }
    return node;
  }

  private static String expand(String template, Map<String, String> params) {
    String path = template;
    for (Map.Entry<String, String> p : params.entrySet()) {
      path = path.replace("{" + p.getKey() + "}", URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path;
  }

  private static String queryString(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("?");
    params.forEach((k, v) -> out.append(out.length() > 1 ? "&" : "").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  private static String randomPath(Random random) {
    StringBuilder path = new StringBuilder();
    int segments = 1 + random.nextInt(5);
    for (int i = 0; i < segments; i++) {
      path.append('/').append(List.of("v1", "v2", "consents", "institutions", "users", "callbacks", "wych", "yapily",
          "..", ".", "%2e%2e", "%00", "admin", "health", "sandbox", "docs", "x".repeat(1 + random.nextInt(300)))
          .get(random.nextInt(17)));
    }
    return path.toString();
  }

  private static String evil(Random random) {
    return EVIL_STRINGS[random.nextInt(EVIL_STRINGS.length)];
  }

  private static String evilToken(Random random) {
    return List.of("foo", "100-continue-please", "", "1", "x=y").get(random.nextInt(5));
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String printable(String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
    return shown.replaceAll("[\\p{Cntrl}]", "?");
  }

  private static long usedHeapAfterGc() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

}
