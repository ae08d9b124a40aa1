package dev.consentgw.gateway.facade;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The router's last route: a path some route serves with other methods answers {@code 405} with
 * {@code Allow}, anything else {@code 404}. The route table is read once, on first use (every route
 * is mounted by then).
 */
public final class UnmatchedRouteHandler implements Handler<RoutingContext> {

  private final Router router;
  private volatile List<Route> routes;

  public UnmatchedRouteHandler(Router router) {
    this.router = router;
  }

  @Override
  public void handle(RoutingContext rc) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes()) {
      if (matches(route, rc.request().path())) {
        if (route.methods() == null || route.methods().isEmpty()) {
          allowed.clear();
          break;
        }
        route.methods().forEach(m -> allowed.add(m.name()));
      }
    }
    if (allowed.isEmpty() || allowed.contains(rc.request().method().name())) {
      rc.fail(new HttpException(404));
      return;
    }
    if (allowed.contains(HttpMethod.GET.name())) {
      allowed.add(HttpMethod.HEAD.name());
    }
    rc.response().putHeader("Allow", String.join(", ", allowed));
    rc.fail(new HttpException(405));
  }

  private List<Route> routes() {
    List<Route> known = routes;
    if (known == null) {
      known = router.getRoutes().stream().filter(r -> r.getPath() != null && !r.isRegexPath()).toList();
      routes = known;
    }
    return known;
  }

  /** Vert.x path templates: {@code :name} matches one segment; a non-exact path is a prefix. */
  private static boolean matches(Route route, String path) {
    String[] template = route.getPath().split("/", -1);
    String[] actual = path.split("/", -1);
    if (route.isExactPath() ? template.length != actual.length : actual.length < template.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      boolean last = i == template.length - 1;
      if (!route.isExactPath() && last && template[i].isEmpty()) {
        return true;
      }
      if (!(template[i].startsWith(":") && !actual[i].isEmpty()) && !template[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }
}
