package dev.consentgw.gateway.adapter.yapily;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway's own callback parameters, sent twice to Yapily: in the {@code callback} URL's query
 * (which Yapily does not document keeping) and in {@code forwardParameters} (Yapily's documented way
 * of passing the application's parameters back to the callback). Each forwarded entry is the
 * {@code name=value} pair exactly as it appears in the callback URL.
 */
final class YapilyCallbacks {

  private YapilyCallbacks() {
  }

  /** The query pairs of {@code callbackUrl}, still URL-encoded; null when it has none (nothing to forward). */
  static List<String> forwardParameters(String callbackUrl) {
    String query = URI.create(callbackUrl).getRawQuery();
    if (query == null || query.isEmpty()) {
      return null;
    }
    return Arrays.stream(query.split("&")).filter(pair -> !pair.isEmpty()).toList();
  }
}
