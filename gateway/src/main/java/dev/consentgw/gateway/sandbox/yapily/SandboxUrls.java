package dev.consentgw.gateway.sandbox.yapily;

import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The simulator's own absolute URLs, and the redirects it sends back to callers. */
final class SandboxUrls {

  private SandboxUrls() {
  }

  /**
   * Where the simulator is mounted, as the caller reached it: scheme and authority of the request
   * plus the router's mount point, e.g. {@code http://localhost:8080/sandbox/yapily}.
   */
  static String base(RoutingContext rc) {
    String absolute = rc.request().absoluteURI();
    int authorityStart = absolute.indexOf("://") + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < absolute.length() && "/?#".indexOf(absolute.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String mountPoint = rc.mountPoint() == null ? "" : rc.mountPoint();
    if (mountPoint.endsWith("/")) {
      mountPoint = mountPoint.substring(0, mountPoint.length() - 1);
    }
    return absolute.substring(0, authorityEnd) + mountPoint;
  }

  static String bankPage(RoutingContext rc, String session) {
    return base(rc) + "/bank/" + session;
  }

  /** {@code url} with {@code params} appended to its query; what is already there stays, in place. */
  static String withQuery(String url, Map<String, String> params) {
    int hash = url.indexOf('#');
    String beforeFragment = hash < 0 ? url : url.substring(0, hash);
    StringBuilder result = new StringBuilder(beforeFragment);
    char separator = beforeFragment.indexOf('?') < 0 ? '?'
        : beforeFragment.endsWith("?") || beforeFragment.endsWith("&") ? 0 : '&';
    for (Map.Entry<String, String> param : params.entrySet()) {
      if (separator != 0) {
        result.append(separator);
      }
      result.append(encode(param.getKey())).append('=').append(encode(param.getValue()));
      separator = '&';
    }
    return hash < 0 ? result.toString() : result.append(url.substring(hash)).toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
