package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.openapi.ContractDocuments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the contract says a valid value looks like, by the JSON Pointer the validation problems use
 * ({@code /query/country}, {@code /institutionId}): the pattern and an example, read once from
 * {@code facade.yaml}, so that "does not match pattern" can say which pattern and show a value that fits.
 */
final class ContractHints {

  private static final String COMPONENTS = "#/components/";

  private final Map<String, String> hints;

  private ContractHints(Map<String, String> hints) {
    this.hints = Map.copyOf(hints);
  }

  static ContractHints load() {
    JsonObject contract = ContractDocuments.json(ContractDocuments.FACADE);
    Map<String, String> hints = new HashMap<>();
    contract.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (!(op.getValue() instanceof JsonObject operation)) {
        return;
      }
      for (Object p : operation.getJsonArray("parameters", new JsonArray())) {
        JsonObject parameter = resolve(contract, (JsonObject) p);
        JsonObject schema = resolve(contract, parameter.getJsonObject("schema", new JsonObject()));
        hint(schema, firstExample(parameter).or(() -> firstExample(schema)))
            .ifPresent(h -> hints.putIfAbsent("/" + parameter.getString("in") + "/" + parameter.getString("name"), h));
      }
      JsonObject body = operation.getJsonObject("requestBody", new JsonObject())
          .getJsonObject("content", new JsonObject()).getJsonObject("application/json", new JsonObject());
      properties(contract, resolve(contract, body.getJsonObject("schema", new JsonObject())), "", hints);
    }));
    return new ContractHints(hints);
  }

  /** E.g. "must match the pattern ^[A-Z]{2}$, for example GB". */
  Optional<String> patternHint(String pointer) {
    return Optional.ofNullable(hints.get(pointer));
  }

  private static void properties(JsonObject contract, JsonObject schema, String prefix, Map<String, String> into) {
    schema.getJsonObject("properties", new JsonObject()).forEach(property -> {
      JsonObject child = resolve(contract, (JsonObject) property.getValue());
      String pointer = prefix + "/" + property.getKey();
      hint(child, firstExample(child)).ifPresent(h -> into.putIfAbsent(pointer, h));
      properties(contract, child, pointer, into);
    });
  }

  private static Optional<String> hint(JsonObject schema, Optional<String> example) {
    String pattern = schema.getString("pattern");
    if (pattern == null) {
      return Optional.empty();
    }
    return Optional.of("must match the pattern " + pattern + example.map(e -> ", for example " + e).orElse(""));
  }

  private static Optional<String> firstExample(JsonObject holder) {
    Object examples = holder.getValue("examples");
    if (examples instanceof JsonArray list && !list.isEmpty()) {
      return Optional.of(String.valueOf(list.getValue(0)));
    }
    if (examples instanceof JsonObject named && !named.isEmpty()) {
      Object first = named.getValue(named.fieldNames().iterator().next());
      if (first instanceof JsonObject example && example.containsKey("value")) {
        return Optional.of(String.valueOf(example.getValue("value")));
      }
    }
    return Optional.empty();
  }

  private static JsonObject resolve(JsonObject contract, JsonObject node) {
    JsonObject current = node;
    while (current.getString("$ref", "").startsWith(COMPONENTS)) {
      JsonObject target = contract.getJsonObject("components");
      for (String part : current.getString("$ref").substring(COMPONENTS.length()).split("/")) {
        target = target == null ? null : target.getJsonObject(part);
      }
      if (target == null) {
        return new JsonObject();
      }
      current = target;
    }
    return current;
  }
}
