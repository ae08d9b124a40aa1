package dev.consentgw.gateway.security;

import dev.consentgw.gateway.observability.RequestLogFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;

import java.util.List;

/**
 * Authenticates {@code Authorization: Bearer <api key>} against the {@link TenantRegistry}; the
 * authenticated {@link User}'s principal carries the tenant id.
 *
 * <p>It implements {@link JWTAuthHandler} only because vertx-web-openapi-router 5.0 accepts nothing
 * else for an HTTP bearer security scheme; the keys are opaque, not JWTs, and scopes are unused.
 */
public final class ApiKeyAuthHandler implements JWTAuthHandler {

  public static final String TENANT_ID = "tenantId";
  private static final String BEARER = "bearer ";

  private final SimpleAuthenticationHandler delegate;

  /** Without rate limits (tools and tests that only mount routes). */
  public ApiKeyAuthHandler(TenantRegistry tenants) {
    this(tenants, null);
  }

  /** @param limiter each authenticated request takes one from its tenant's bucket; none left: 429 */
  public ApiKeyAuthHandler(TenantRegistry tenants, TenantRateLimiter limiter) {
    this.delegate = SimpleAuthenticationHandler.create().authenticate(rc -> authenticate(rc, tenants)
        .compose(user -> limiter == null ? Future.succeededFuture(user) : limit(rc, limiter, user)));
  }

  /** The IETF RateLimit headers on every authenticated answer; Retry-After and 429 when the bucket is empty. */
  private static Future<User> limit(RoutingContext rc, TenantRateLimiter limiter, User user) {
    TenantRateLimiter.Decision d = limiter.acquire(tenantId(user));
    rc.response()
        .putHeader("RateLimit-Policy", "\"tenant\";q=" + d.limit() + ";w=" + d.windowSeconds())
        .putHeader("RateLimit", "\"tenant\";r=" + d.remaining() + ";t=" + d.resetSeconds());
    if (d.allowed()) {
      return Future.succeededFuture(user);
    }
    rc.response().putHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
    return Future.failedFuture(new HttpException(429, "tenant rate limit"));
  }

  private static Future<User> authenticate(RoutingContext rc, TenantRegistry tenants) {
    String header = rc.request().getHeader("Authorization");
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(new HttpException(401, "missing bearer API key"));
    }
    return tenants.authenticate(header.substring(BEARER.length()).trim())
        .map(tenant -> {
          RequestLogFields.tenant(tenant.id());
          return Future.succeededFuture(User.create(new JsonObject().put(TENANT_ID, tenant.id())));
        })
        .orElseGet(() -> Future.failedFuture(new HttpException(401, "unknown API key")));
  }

  /** The tenant id of an authenticated caller. */
  public static String tenantId(User user) {
    return user.principal().getString(TENANT_ID);
  }

  @Override
  public void handle(RoutingContext rc) {
    delegate.handle(rc);
  }

  @Override
  public JWTAuthHandler scopeDelimiter(String delimiter) {
    return this;
  }

  @Override
  public JWTAuthHandler withScope(String scope) {
    return this;
  }

  @Override
  public JWTAuthHandler withScopes(List<String> scopes) {
    return this;
  }
}
