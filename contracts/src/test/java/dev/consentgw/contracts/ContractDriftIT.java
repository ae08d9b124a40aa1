package dev.consentgw.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract drift check: the pacts the consumer tests just wrote ({@code target/pacts}) must say
 * exactly what the committed pacts ({@code contracts/pacts}) say, so that every change of a
 * contract is a reviewed change of a committed file. The comparison is of the parsed JSON, ignoring
 * only the version of pact-jvm that wrote the file.
 *
 * <p>With {@code -Dpact.accept=true} the written pacts replace the committed ones instead (and
 * committed pacts no test writes any more are removed); review and commit the result.
 */
class ContractDriftIT {

  static final String ACCEPT_COMMAND = "mvn -B -pl contracts -am verify -Dpact.accept=true";
  private static final int MAX_DIFFERENCES = 20;

  private final ObjectMapper json = new ObjectMapper();
  private final Path written = Path.of(System.getProperty("pacts.written", "target/pacts"));
  private final Path committed = Path.of(System.getProperty("pacts.committed", Pacts.COMMITTED_DIR));

  @Test
  void theCommittedPactsAreTheOnesTheTestsWrite() throws IOException {
    Set<String> writtenPacts = pactFiles(written);
    assertThat(writtenPacts).as("pacts written by the consumer tests in %s", written).isNotEmpty();

    if (Boolean.getBoolean("pact.accept")) {
      accept(writtenPacts);
      return;
    }

    Set<String> committedPacts = pactFiles(committed);
    List<String> drift = new ArrayList<>();
    for (String name : union(writtenPacts, committedPacts)) {
      if (!committedPacts.contains(name)) {
        drift.add(name + ": written by the tests but not committed");
      } else if (!writtenPacts.contains(name)) {
        drift.add(name + ": committed but no test writes it any more");
      } else {
        differences(normalised(committed.resolve(name)), normalised(written.resolve(name)))
            .forEach(difference -> drift.add(name + ": " + difference));
      }
    }
    if (!drift.isEmpty()) {
      throw new AssertionError("Contract drift: the consumer tests now write pacts that differ from the committed ones"
          + " in " + committed.toAbsolutePath() + ".\n  " + String.join("\n  ", drift)
          + "\nIf the change is intended, accept it with\n  " + ACCEPT_COMMAND
          + "\nand commit contracts/pacts/ (the provider verifications then check the new contract).");
    }
  }

  private void accept(Set<String> writtenPacts) throws IOException {
    Files.createDirectories(committed);
    for (String name : pactFiles(committed)) {
      if (!writtenPacts.contains(name)) {
        Files.delete(committed.resolve(name));
      }
    }
    for (String name : writtenPacts) {
      Files.copy(written.resolve(name), committed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("Accepted " + writtenPacts + " into " + committed.toAbsolutePath() + ": review and commit them.");
  }

  /** The pact with what legitimately varies between runs removed: the writing library's version. */
  private JsonNode normalised(Path pact) throws IOException {
    JsonNode tree = json.readTree(pact.toFile());
    if (tree.path("metadata").path("pact-jvm") instanceof ObjectNode writer) {
      writer.remove("version");
    }
    return tree;
  }

  /**
   * Where a pact changed: interactions are matched by description and provider states (a pact's
   * identity for an interaction), everything else by JSON pointer.
   */
  private static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> differences = new ArrayList<>();
    Map<String, JsonNode> before = interactions(expected);
    Map<String, JsonNode> after = interactions(actual);
    for (String id : union(before.keySet(), after.keySet())) {
      if (!before.containsKey(id)) {
        differences.add("new interaction " + id);
      } else if (!after.containsKey(id)) {
        differences.add("interaction gone: " + id);
      } else {
        List<String> changes = new ArrayList<>();
        compare("", before.get(id), after.get(id), changes);
        changes.forEach(change -> differences.add("interaction " + id + ": " + change));
      }
    }
    ObjectNode restBefore = expected.deepCopy();
    ObjectNode restAfter = actual.deepCopy();
    restBefore.remove("interactions");
    restAfter.remove("interactions");
    compare("", restBefore, restAfter, differences);
    return differences.size() > MAX_DIFFERENCES ? differences.subList(0, MAX_DIFFERENCES) : differences;
  }

  private static Map<String, JsonNode> interactions(JsonNode pact) {
    Map<String, JsonNode> byId = new TreeMap<>();
    for (JsonNode interaction : pact.path("interactions")) {
      List<String> states = new ArrayList<>();
      interaction.path("providerStates").forEach(state -> states.add(state.path("name").asText()));
      byId.put("'" + interaction.path("description").asText() + "' given " + states, interaction);
    }
    return byId;
  }

  /** Records where {@code actual} differs from {@code expected}, as JSON pointers, up to a limit. */
  private static void compare(String pointer, JsonNode expected, JsonNode actual, List<String> differences) {
    if (differences.size() >= MAX_DIFFERENCES || expected.equals(actual)) {
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      for (String field : union(names(expected), names(actual))) {
        String at = pointer + "/" + field.replace("~", "~0").replace("/", "~1");
        if (!expected.has(field)) {
          differences.add(at + " is new: " + abbreviate(actual.get(field)));
        } else if (!actual.has(field)) {
          differences.add(at + " is gone (was " + abbreviate(expected.get(field)) + ")");
        } else {
          compare(at, expected.get(field), actual.get(field), differences);
        }
      }
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        compare(pointer + "/" + i, expected.get(i), actual.get(i), differences);
      }
    } else {
      differences.add((pointer.isEmpty() ? "/" : pointer) + " was " + abbreviate(expected) + ", now "
          + abbreviate(actual));
    }
  }

  private static Set<String> pactFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
