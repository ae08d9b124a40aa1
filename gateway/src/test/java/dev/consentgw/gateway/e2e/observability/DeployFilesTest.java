package dev.consentgw.gateway.e2e.observability;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keeps {@code deploy/} in step with the code: every YAML and JSON file parses; every metric the
 * alert rules and the Grafana dashboard query exists in a real {@code /metrics} scrape (after
 * traffic that moves every series); the Kubernetes files agree with the gateway's configuration
 * (probe paths served, metrics port, a grace period that covers the drain), and the ConfigMap's
 * configuration loads and validates with the example Secret's environment.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  /** Series queried by PromQL: the gateway's own, Vert.x's and the JVM's. */
  private static final Pattern METRIC = Pattern.compile("\\b((?:cgw|vertx|jvm|process)_[a-zA-Z0-9_]+)\\b");
  /**
   * Referenced before the code exports them, each with the reason. Webhook deliveries do not
   * exist yet; when they do, their series must be exported under this name and removed from here.
   */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WireMockServer wych;
  private static GatewayTestKit kit;

  @BeforeAll
  static void boot() throws Exception {
    wych = new WireMockServer(options().dynamicPort());
    kit = SampleTraffic.gateway(wych, "");
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    wych.stop();
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardQueryExistsInARealScrape() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> MetricsEndpointTest.scrape(kit).value(
        "cgw_provider_breaker_state", "provider", "wych") == 1);
    SampleTraffic.journey(kit, "deploy-drift-1");
    Set<String> scraped = MetricsEndpointTest.scrape(kit).names();

    Map<String, List<String>> queries = new LinkedHashMap<>();
    queries.put("prometheus/alerts.yml", alertExpressions());
    queries.put("grafana/consent-gateway.json", dashboardExpressions());
    Set<String> used = new TreeSet<>();
    queries.forEach((file, expressions) -> {
      assertThat(expressions).as(file).isNotEmpty();
      for (String expression : expressions) {
        List<String> names = metrics(expression);
        assertThat(names).as("%s: a query naming no metric: %s", file, expression).isNotEmpty();
        used.addAll(names);
      }
    });

    assertThat(used).as("every alert needs its series").contains("cgw_provider_breaker_state",
        "cgw_upstream_calls_seconds_count", "cgw_facade_requests_seconds_bucket", "cgw_facade_requests_seconds_count");
    assertThat(used)
        .as("metrics used in deploy/ but missing from /metrics").allSatisfy(name -> assertThat(scraped).contains(name));
  }

  @Test
  void everyYamlAndJsonFileParses() throws IOException {
    List<Path> files = deployFiles();

    assertThat(files).extracting(p -> DEPLOY.relativize(p).toString()).contains(
        "kubernetes/deployment.yaml", "kubernetes/service.yaml", "kubernetes/poddisruptionbudget.yaml",
        "kubernetes/horizontalpodautoscaler.yaml", "kubernetes/secret.example.yaml", "kubernetes/configmap.yaml",
        "prometheus/prometheus.yml", "prometheus/alerts.yml", "grafana/consent-gateway.json");
    for (Path file : files) {
      assertThat(documents(file)).as(file.toString()).isNotEmpty().allSatisfy(doc -> assertThat(doc.isObject()).isTrue());
    }
  }

  @Test
  void theKubernetesFilesAgreeWithTheGateway() throws Exception {
    JsonNode pod = single("kubernetes/deployment.yaml").at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    GatewayConfig config = configMapConfig();

    String ready = container.at("/readinessProbe/httpGet/path").asText();
    String live = container.at("/livenessProbe/httpGet/path").asText();
    assertThat(ready).isEqualTo("/health/ready");
    assertThat(live).isEqualTo("/health/live");
    assertThat(kit.raw("GET", ready, null).statusCode()).isIn(200, 503);
    assertThat(kit.raw("GET", live, null).statusCode()).isEqualTo(200);

    Map<String, Integer> ports = new HashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    assertThat(ports.get("http")).isEqualTo(config.server().port());
    assertThat(ports.get("metrics")).isEqualTo(config.metrics().port());
    assertThat(single("kubernetes/deployment.yaml").at("/spec/template/metadata/annotations/prometheus.io~1port")
        .asText()).isEqualTo(String.valueOf(config.metrics().port()));
    assertThat(single("kubernetes/service.yaml").at("/spec/ports/0/targetPort").asText()).isEqualTo("http");

    // preStop pause, then the drain, then closing pools and Vert.x (Main: 5 s), inside the grace period.
    JsonNode preStop = container.at("/lifecycle/preStop/exec/command");
    assertThat(preStop.get(0).asText()).isEqualTo("sleep");
    long needed = preStop.get(1).asLong() + config.server().drainPeriod().toSeconds() + 5;
    assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThanOrEqualTo(needed);

    assertThat(config.sandbox().enabled()).isFalse();
    assertThat(config.store().usesPostgres()).isTrue();
    assertThat(config.logging().json()).isTrue();
  }

  @Test
  void theContainerfileBuildsTheJarTheTestsRunAndRunsItUnprivileged() throws IOException {
    String containerfile = Files.readString(DEPLOY.resolve("Containerfile"));

    assertThat(containerfile).contains("gateway/target/consent-gateway.jar", "USER 10001", "/health/live",
        "--exit-when-ready",
        "ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/app/consent-gateway.jsa\", \"-jar\", \"/app/consent-gateway.jar\"]");
    assertThat(Path.of(System.getProperty("gateway.jar", "target/consent-gateway.jar")).getFileName())
        .hasToString("consent-gateway.jar");
  }

  /** The ConfigMap's gateway.yaml, loaded with the example Secret as the environment (a valid key instead of its placeholder). */
  private static GatewayConfig configMapConfig() throws IOException {
    Map<String, String> environment = new HashMap<>();
    single("kubernetes/secret.example.yaml").get("stringData").fields()
        .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    environment.put("CGW_TOKEN_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
    single("kubernetes/deployment.yaml").at("/spec/template/spec/containers/0/env")
        .forEach(e -> environment.put(e.get("name").asText(), e.get("value").asText()));
    Path file = Files.createTempFile("gateway", ".yaml");
    Files.writeString(file, single("kubernetes/configmap.yaml").at("/data/gateway.yaml").asText());
    return new ConfigLoader(environment::get).load(file);
  }

  private static List<String> alertExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    single("prometheus/alerts.yml").get("groups").forEach(group -> group.get("rules").forEach(rule -> {
      assertThat(rule.hasNonNull("alert") && rule.hasNonNull("expr")).as(rule.toString()).isTrue();
      expressions.add(rule.get("expr").asText());
    }));
    return expressions;
  }

  private static List<String> dashboardExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    single("grafana/consent-gateway.json").get("panels")
        .forEach(panel -> panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText())));
    return expressions;
  }

  private static List<String> metrics(String expression) {
    List<String> names = new ArrayList<>();
    Matcher matcher = METRIC.matcher(expression);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static JsonNode single(String file) throws IOException {
    List<JsonNode> documents = documents(DEPLOY.resolve(file));
    assertThat(documents).as(file).hasSize(1);
    return documents.get(0);
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    if (file.toString().endsWith(".json")) {
      return List.of(JSON.readTree(file.toFile()));
    }
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    return documents;
  }

  private static List<Path> deployFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(DEPLOY)) {
      return walk.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
    }
  }
}
