package dev.consentgw.gateway.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** URL building that keeps an existing query string and fragment intact. */
public final class Urls {

  private Urls() {
  }

  /** {@code url} with the non-null {@code params} appended to its query, in iteration order. */
  public static String withQuery(String url, Map<String, String> params) {
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    StringBuilder out = new StringBuilder(base);
    char separator = base.indexOf('?') < 0 ? '?' : (base.endsWith("?") || base.endsWith("&") ? 0 : '&');
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (separator != 0) {
        out.append(separator);
      }
      out.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return out.append(fragment).toString();
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
