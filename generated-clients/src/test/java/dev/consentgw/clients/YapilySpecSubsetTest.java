package dev.consentgw.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi/yapily.yaml} is our own subset of Yapily's API. This test checks mechanically that
 * everything it declares exists in Yapily's published document with the same name, location and
 * type: paths and methods (and operationIds), parameters (name + {@code in}), request bodies,
 * response statuses, every property reachable from our operations or declared in a component of
 * the same name, and every enum value.
 */
class YapilySpecSubsetTest {

  private static final Path OURS = Path.of("..", "openapi", "yapily.yaml");
  private static final Path DEFAULT_REFERENCE = Path.of("..", "..", "shared", "reference", "yapily-openapi.json");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @Test
  void everythingWeDeclareExistsInYapilysDocument() throws IOException {
    List<String> mismatches = new SubsetChecker(ours(), reference()).check();
    assertTrue(mismatches.isEmpty(), () -> mismatches.size()
        + " declaration(s) in openapi/yapily.yaml do not match Yapily's document:\n  " + String.join("\n  ", mismatches));
  }

  @Test
  void checkerReportsWhatYapilyDoesNotHave() throws IOException {
    ObjectNode doc = (ObjectNode) ours().deepCopy();
    ObjectNode schemas = (ObjectNode) doc.at("/components/schemas");
    ((ObjectNode) schemas.at("/Consent/properties")).putObject("inventedField").put("type", "string");
    ((ObjectNode) schemas.at("/Media/properties/type")).put("type", "integer");
    ((ArrayNode) schemas.at("/DeleteStatusEnum/enum")).add("PARTIALLY_DELETED");
    ((ArrayNode) doc.at("/paths/~1consents/get/parameters")).addObject()
        .put("name", "filter[invented]").put("in", "query").putObject("schema").put("type", "string");

    List<String> mismatches = new SubsetChecker(doc, reference()).check();

    for (String expected : List.of(
        "inventedField", "type integer vs reference string", "PARTIALLY_DELETED", "filter[invented]")) {
      assertTrue(mismatches.stream().anyMatch(m -> m.contains(expected)),
          () -> "expected a mismatch mentioning " + expected + ", got " + mismatches);
    }
  }

  private static JsonNode ours() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(OURS.toFile());
  }

  private static JsonNode reference() throws IOException {
    String configured = System.getProperty("yapily.reference");
    Path path = configured != null ? Path.of(configured) : DEFAULT_REFERENCE;
    if (!Files.isRegularFile(path)) {
      Assumptions.abort("Yapily's published OpenAPI document is not at " + path.toAbsolutePath().normalize()
          + " (set -Dyapily.reference=... to point at a copy); skipping the subset check");
    }
    return new ObjectMapper().readTree(path.toFile());
  }

  /** Compares our document with the reference, walking both in parallel; collects every mismatch. */
  static final class SubsetChecker {
    private final JsonNode ours;
    private final JsonNode ref;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<Map.Entry<JsonNode, JsonNode>> compared = new HashSet<>();

    SubsetChecker(JsonNode ours, JsonNode ref) {
      this.ours = ours;
      this.ref = ref;
    }

    List<String> check() {
      ours.path("paths").fields().forEachRemaining(p -> checkPath(p.getKey(), p.getValue()));
      // Components named like a reference schema are compared too, even if no operation uses them.
      ours.at("/components/schemas").fields().forEachRemaining(s -> {
        JsonNode theirs = ref.at("/components/schemas").get(s.getKey());
        if (theirs != null) {
          compareSchema(s.getValue(), theirs, s.getKey());
        }
      });
      return mismatches;
    }

    private void checkPath(String path, JsonNode item) {
      JsonNode refItem = ref.path("paths").get(path);
      if (refItem == null) {
        mismatches.add("path " + path + " is not in the reference");
        return;
      }
      for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
        String method = it.next();
        if (!METHODS.contains(method)) {
          continue;
        }
        String where = method.toUpperCase() + " " + path;
        JsonNode op = item.get(method);
        JsonNode refOp = refItem.get(method);
        if (refOp == null) {
          mismatches.add(where + ": method is not in the reference");
          continue;
        }
        if (op.has("operationId") && !op.get("operationId").equals(refOp.get("operationId"))) {
          mismatches.add(where + ": operationId " + op.get("operationId") + " vs reference " + refOp.get("operationId"));
        }
        checkParameters(where, item, op, refItem, refOp);
        if (op.has("requestBody")) {
          if (!refOp.has("requestBody")) {
            mismatches.add(where + ": request body is not in the reference");
          } else {
            compareContent(where + " body", resolve(ours, op.get("requestBody")), resolve(ref, refOp.get("requestBody")));
          }
        }
        op.path("responses").fields().forEachRemaining(r -> {
          JsonNode refResponse = refOp.path("responses").get(r.getKey());
          if (refResponse == null) {
            mismatches.add(where + ": response " + r.getKey() + " is not in the reference");
          } else {
            compareContent(where + " " + r.getKey(), resolve(ours, r.getValue()), resolve(ref, refResponse));
          }
        });
      }
    }

    private void checkParameters(String where, JsonNode item, JsonNode op, JsonNode refItem, JsonNode refOp) {
      Map<String, JsonNode> theirs = new HashMap<>();
      for (JsonNode p : concat(refItem.path("parameters"), refOp.path("parameters"))) {
        JsonNode param = resolve(ref, p);
        theirs.put(param.path("name").asText() + " in " + param.path("in").asText(), param);
      }
      for (JsonNode p : concat(item.path("parameters"), op.path("parameters"))) {
        JsonNode param = resolve(ours, p);
        String key = param.path("name").asText() + " in " + param.path("in").asText();
        JsonNode refParam = theirs.get(key);
        if (refParam == null) {
          mismatches.add(where + ": parameter " + key + " is not in the reference");
        } else {
          if (param.path("required").asBoolean() && !refParam.path("required").asBoolean()) {
            mismatches.add(where + ": parameter " + key + " is required here but optional in the reference");
          }
          compareSchema(param.path("schema"), refParam.path("schema"), where + " parameter " + key);
        }
      }
    }

    /** Media types may differ (Yapily labels JSON with ;charset=UTF-8); the schemas must not. */
    private void compareContent(String where, JsonNode ourBodyOrResponse, JsonNode refBodyOrResponse) {
      JsonNode refContent = refBodyOrResponse.path("content");
      ourBodyOrResponse.path("content").fields().forEachRemaining(c -> {
        if (!refContent.elements().hasNext()) {
          mismatches.add(where + ": the reference declares no content");
        } else {
          compareSchema(c.getValue().path("schema"), refContent.elements().next().path("schema"), where);
        }
      });
    }

    private void compareSchema(JsonNode ourSchema, JsonNode refSchema, String where) {
      JsonNode o = resolve(ours, ourSchema);
      JsonNode r = resolve(ref, refSchema);
      if (!compared.add(new SimpleImmutableEntry<>(o, r))) {
        return;
      }
      String ourType = type(o);
      String refType = type(r);
      if (!ourType.equals(refType) && !(ourType.equals("integer") && refType.equals("number"))) {
        mismatches.add(where + ": type " + ourType + " vs reference " + refType);
        return;
      }
      if (o.has("format") && !o.get("format").equals(r.get("format"))) {
        mismatches.add(where + ": format " + o.get("format") + " vs reference " + r.get("format"));
      }
      for (JsonNode value : o.path("enum")) {
        if (!contains(r.path("enum"), value)) {
          mismatches.add(where + ": enum value " + value.asText() + " is not in the reference");
        }
      }
      for (JsonNode required : o.path("required")) {
        if (!contains(r.path("required"), required)) {
          mismatches.add(where + ": requires " + required.asText() + ", the reference does not");
        }
      }
      Map<String, JsonNode> refProperties = properties(r);
      o.path("properties").fields().forEachRemaining(p -> {
        JsonNode refProperty = refProperties.get(p.getKey());
        if (refProperty == null) {
          mismatches.add(where + "." + p.getKey() + ": property is not in the reference");
        } else {
          compareSchema(p.getValue(), refProperty, where + "." + p.getKey());
        }
      });
      if (o.has("items")) {
        compareSchema(o.get("items"), r.path("items"), where + "[]");
      }
      if (o.path("additionalProperties").isObject()) {
        compareSchema(o.get("additionalProperties"), r.path("additionalProperties"), where + "{}");
      }
    }

    /** The reference's properties, including those it composes with allOf. */
    private Map<String, JsonNode> properties(JsonNode refSchema) {
      Map<String, JsonNode> all = new HashMap<>();
      refSchema.path("properties").fields().forEachRemaining(p -> all.put(p.getKey(), p.getValue()));
      for (JsonNode part : refSchema.path("allOf")) {
        all.putAll(properties(resolve(ref, part)));
      }
      return all;
    }

    private static String type(JsonNode schema) {
      if (schema.has("type")) {
        return schema.get("type").asText();
      }
      return schema.has("properties") || schema.has("allOf") ? "object" : "(none)";
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
      JsonNode current = node;
      for (int hops = 0; current.has("$ref") && hops < 20; hops++) {
        String ref = current.get("$ref").asText();
        if (!ref.startsWith("#/")) {
          throw new IllegalArgumentException("only local $refs are supported: " + ref);
        }
        current = doc.at(ref.substring(1));
      }
      return current;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
      for (JsonNode element : array) {
        if (element.equals(value)) {
          return true;
        }
      }
      return false;
    }

    private static List<JsonNode> concat(JsonNode first, JsonNode second) {
      List<JsonNode> all = new ArrayList<>();
      first.forEach(all::add);
      second.forEach(all::add);
      return all;
    }
  }
}
