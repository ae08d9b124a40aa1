package dev.consentgw.clients;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three documents are valid OpenAPI 3.1 (checked against the 3.1 meta-schema that vertx-openapi
 * ships), and every example they contain validates against its own schema. The generator's own
 * validation runs too: an invalid document also fails {@code generate-sources}.
 */
class ContractDocumentsTest {

  private static final String[] MEDIA_SECTIONS = {"requestBody", "responses"};
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"facade.yaml", "wych.yaml", "yapily.yaml"})
  void isValidOpenApi31(String file) throws Exception {
    JsonObject raw = ContractFiles.load(file);
    assertThat(OpenAPIVersion.fromContract(raw)).isEqualTo(OpenAPIVersion.V3_1);

    OutputUnit result = OpenAPIVersion.V3_1.validateContract(vertx, repository(), raw).await(30, TimeUnit.SECONDS);

    assertThat(result.getValid()).as(file + ": " + result.getErrors()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"facade.yaml", "yapily.yaml"})
  void loadsIntoTheRouterContract(String file) throws Exception {
    OpenAPIContract contract = OpenAPIContract.from(vertx, ContractFiles.loadForRouter(file))
        .await(30, TimeUnit.SECONDS);

    assertThat(contract.operations()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"facade.yaml", "wych.yaml", "yapily.yaml"})
  void everyExampleMatchesItsSchema(String file) throws Exception {
    // The loaded contract has every $ref resolved, so each schema can be validated on its own.
    JsonObject resolved = OpenAPIVersion.V3_1.resolve(vertx, repository(), ContractFiles.load(file))
        .await(30, TimeUnit.SECONDS);
    List<String> problems = new ArrayList<>();
    int[] checked = {0};

    members(resolved.getJsonObject("paths")).forEach((pathName, path) -> members(path).forEach((method, operation) -> {
      String where = method.toUpperCase() + " " + pathName;
      JsonArray params = operation.getJsonArray("parameters", new JsonArray());
      for (Object p : params) {
        JsonObject param = (JsonObject) p;
        checkExamples(where + " parameter " + param.getString("name"), param, param.getJsonObject("schema"),
            problems, checked);
      }
      JsonObject body = operation.getJsonObject("requestBody");
      if (body != null) {
        checkContent(where + " request", body.getJsonObject("content"), problems, checked);
      }
      JsonObject responses = operation.getJsonObject("responses", new JsonObject());
      members(responses).forEach((status, response) ->
          checkContent(where + " " + status, response.getJsonObject("content"), problems, checked));
    }));

    assertThat(problems).as("examples that contradict their schema in " + file).isEmpty();
    assertThat(checked[0]).as("examples checked in " + file).isPositive();
  }

  /** The object-valued members: the resolver leaves string bookkeeping members beside them. */
  private static Map<String, JsonObject> members(JsonObject object) {
    Map<String, JsonObject> result = new LinkedHashMap<>();
    object.forEach(e -> {
      if (e.getValue() instanceof JsonObject value) {
        result.put(e.getKey(), value);
      }
    });
    return result;
  }

  /** Resolving a $ref also marks the inlined example with its source URI; that is not example data. */
  private static Object withoutBookkeeping(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(e -> {
        if (!e.getKey().equals("__absolute_uri__")) {
          copy.put(e.getKey(), withoutBookkeeping(e.getValue()));
        }
      });
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(v -> copy.add(withoutBookkeeping(v)));
      return copy;
    }
    return value;
  }

  private static SchemaRepository repository() throws Exception {
    return OpenAPIVersion.V3_1.getRepository(vertx, "app://").await(30, TimeUnit.SECONDS);
  }

  private static void checkContent(String where, JsonObject content, List<String> problems, int[] checked) {
    if (content == null) {
      return;
    }
    members(content).forEach((media, mediaType) ->
        checkExamples(where + " " + media, mediaType, mediaType.getJsonObject("schema"), problems, checked));
  }

  private static void checkExamples(String where, JsonObject holder, JsonObject schema, List<String> problems,
      int[] checked) {
    if (schema == null) {
      return;
    }
    List<Object> values = new ArrayList<>();
    if (holder.containsKey("example")) {
      values.add(withoutBookkeeping(holder.getValue("example")));
    }
    JsonObject examples = holder.getJsonObject("examples");
    if (examples != null) {
      examples.forEach(e -> {
        if (e.getValue() instanceof JsonObject example && example.containsKey("value")) {
          values.add(withoutBookkeeping(example.getValue("value")));
        }
      });
    }
    if (values.isEmpty()) {
      return;
    }
    Validator validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic));
    for (Object value : values) {
      checked[0]++;
      OutputUnit result = validator.validate(value);
      if (!result.getValid()) {
        problems.add(where + ": " + result.getErrors());
      }
    }
  }
}
