package dev.consentgw.gateway.e2e.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One Prometheus text-format scrape, parsed into series (name and labels) and their values. */
public final class PrometheusScrape {

  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;
  /** Series key ({@code name{a="1",b="2"}}, labels sorted) to value. */
  private final Map<String, Double> series = new LinkedHashMap<>();

  public PrometheusScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line.trim());
      assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
      Map<String, String> labels = new TreeMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      series.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
    }
  }

  public String text() {
    return text;
  }

  /** The value of the series with exactly these labels (name, value pairs), or 0 when it does not exist. */
  public double value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return series.getOrDefault(key(name, wanted), 0.0);
  }

  /** Every metric name sampled (histogram series by their full names: _bucket, _count, _sum). */
  public Set<String> names() {
    return series.keySet().stream().map(k -> k.contains("{") ? k.substring(0, k.indexOf('{')) : k)
        .collect(Collectors.toSet());
  }

  private static String key(String name, Map<String, String> labels) {
    return labels.isEmpty() ? name : name + labels.entrySet().stream()
        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"));
  }
}
