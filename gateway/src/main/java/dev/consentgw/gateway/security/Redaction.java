package dev.consentgw.gateway.security;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place secrets are removed from text that leaves the process (logs). Two layers: the
 * configured secret values themselves (client secrets, API keys, application secrets), and
 * patterns for secrets that are minted at run time (bearer tokens, consent and journey tokens in
 * URLs, form-encoded client secrets). The logging pipeline routes every message through
 * {@link #redact(String)}.
 */
public final class Redaction {

  public static final String MASK = "[REDACTED]";

  private static final List<Pattern> PATTERNS = List.of(
      // Authorization: Bearer / Basic credentials
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}"),
      // secrets in query strings and form bodies
      Pattern.compile("(?i)\\b(journey|consent|one-time-token|oneTimeToken|client_secret|access_token|"
          + "refresh_token|consentToken|api[-_]?key|password)=([^&\\s\"']+)"),
      // secrets in JSON members
      Pattern.compile("(?i)\"(access_token|consentToken|consent_token|client_secret|oneTimeToken|apiKey|password)\""
          + "\\s*:\\s*\"[^\"]*\""));

  private static final Set<String> KNOWN_SECRETS = new CopyOnWriteArraySet<>();

  private Redaction() {
  }

  /** Registers a configured secret so that its literal value is masked wherever it appears. */
  public static void registerSecret(String secret) {
    if (secret != null && secret.length() >= 6) {
      KNOWN_SECRETS.add(secret);
    }
  }

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : KNOWN_SECRETS) {
      if (result.contains(secret)) {
        result = result.replace(secret, MASK);
      }
    }
    for (Pattern pattern : PATTERNS) {
      Matcher m = pattern.matcher(result);
      if (m.find()) {
        result = m.replaceAll(match -> Matcher.quoteReplacement(mask(match)));
      }
    }
    return result;
  }

  private static String mask(java.util.regex.MatchResult match) {
    String whole = match.group();
    if (whole.startsWith("\"")) {
      return "\"" + match.group(1) + "\":\"" + MASK + "\"";
    }
    if (match.groupCount() >= 2 && match.group(2) != null) {
      return match.group(1) + "=" + MASK;
    }
    return match.group(1) + " " + MASK;
  }
}
