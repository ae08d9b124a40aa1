package dev.consentgw.gateway.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code logging:} section of {@code gateway-defaults.yaml}.
 *
 * @param format {@code text} (readable lines) or {@code json} (one JSON object per line)
 * @param level the gateway's log level: TRACE, DEBUG, INFO, WARN or ERROR
 */
public record LoggingOptions(String format, String level) {

  public static final String TEXT = "text";
  public static final String JSON = "json";
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  public boolean json() {
    return JSON.equals(format);
  }

  public List<String> problems(String at) {
    List<String> problems = new ArrayList<>();
    if (!TEXT.equals(format) && !JSON.equals(format)) {
      problems.add(at + ".format must be text or json");
    }
    if (level == null || !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      problems.add(at + ".level must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    return problems;
  }
}
