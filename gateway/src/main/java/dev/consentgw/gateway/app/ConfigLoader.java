package dev.consentgw.gateway.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code gateway-defaults.yaml} from the classpath, merges an optional operator file over it,
 * substitutes {@code ${ENV}} / {@code ${ENV:-fallback}} references, and binds the result to
 * {@link GatewayConfig}. Runs once at start-up, before the event loop serves anything.
 */
public final class ConfigLoader {

  static final String DEFAULTS = "gateway-defaults.yaml";
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private final Function<String, String> environment;

  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  /** The defaults, with the operator's file (if any) merged over them. */
  public GatewayConfig load(Path operatorFile) throws IOException {
    return load(operatorFile, null);
  }

  /**
   * The defaults, with the operator's file (if any) and then {@code overridesYaml} (if any, e.g. the
   * command line's {@code --port}) merged over them.
   */
  public GatewayConfig load(Path operatorFile, String overridesYaml) throws IOException {
    JsonNode merged = defaults();
    if (operatorFile != null) {
      merge((ObjectNode) merged, yaml.readTree(Files.readString(operatorFile)));
    }
    if (overridesYaml != null) {
      merge((ObjectNode) merged, yaml.readTree(overridesYaml));
    }
    return bind(merged);
  }

  /** The defaults with {@code overrides} (YAML text) merged over them; for tests and tools. */
  public GatewayConfig loadWithOverrides(String overridesYaml) throws IOException {
    JsonNode merged = defaults();
    merge((ObjectNode) merged, yaml.readTree(overridesYaml));
    return bind(merged);
  }

  private JsonNode defaults() throws IOException {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IOException(DEFAULTS + " is missing from the classpath");
      }
      return yaml.readTree(in);
    }
  }

  private GatewayConfig bind(JsonNode merged) throws IOException {
    String substituted = substitute(yaml.writeValueAsString(merged));
    GatewayConfig config = yaml.readValue(substituted, GatewayConfig.class);
    ConfigValidator.validate(config);
    return config;
  }

  private String substitute(String text) {
    Matcher m = ENV.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      if (value == null) {
        value = m.group(2) != null ? m.group(2) : "";
      }
      // Values are substituted into YAML text: quote them so any character is kept as it is.
      m.appendReplacement(out, Matcher.quoteReplacement(value.replace("\\", "\\\\").replace("\"", "\\\"")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void merge(ObjectNode target, JsonNode override) {
    if (override == null || override.isNull() || override.isMissingNode()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        merge(existingObject, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }
}
