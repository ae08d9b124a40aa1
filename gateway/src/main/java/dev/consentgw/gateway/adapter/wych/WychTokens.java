package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.api.AuthApi;
import dev.consentgw.clients.wych.api.UsersApi;
import dev.consentgw.clients.wych.invoker.ApiClient.AuthInfo;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.UpstreamCall;
import dev.consentgw.gateway.resilience.UpstreamPath;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Wych's two kinds of bearer token and the calls made with them. The app's service token
 * (client credentials) and each end user's user-context token are cached until shortly before they
 * expire and fetched single-flight: Wych refuses token requests made too often. A token Wych
 * refuses is dropped, so the next call fetches a fresh one. A failed token request is remembered
 * for {@code tokenFailurePause}, and the token calls go through the resilience policy, whose
 * provider breaker opens on repeated failures: a failing token endpoint is never hammered.
 */
final class WychTokens {

  /** Lifetime assumed when Wych does not say ({@code expires_in} is optional): short, to stay safe. */
  static final Duration ASSUMED_TOKEN_LIFETIME = Duration.ofMinutes(5);

  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final String SERVICE_KEY = "service";
  private static final int MAX_CACHED_USER_TOKENS = 10_000;

  private final AuthApi auth;
  private final UsersApi users;
  private final UpstreamPath upstream;
  private final WychOptions options;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final SingleFlightCache<String, String> serviceToken;
  private final SingleFlightCache<UUID, String> userTokens;

  WychTokens(AuthApi auth, UsersApi users, UpstreamPath upstream, WychOptions options, Clock clock,
      GatewayMetrics metrics) {
    this.metrics = metrics;
    this.auth = auth;
    this.users = users;
    this.upstream = upstream;
    this.options = options;
    this.clock = clock;
    this.serviceToken = new SingleFlightCache<>(clock, 1, options.tokenFailurePause(), WychTokens::paused);
    this.userTokens = new SingleFlightCache<>(clock, MAX_CACHED_USER_TOKENS, options.tokenFailurePause(),
        WychTokens::paused);
  }

  /** Runs an API call with the service token. */
  <T> Future<T> asService(UpstreamCall call, Function<AuthInfo, Future<T>> action) {
    return serviceToken()
        .compose(token -> upstream.call(call, () -> action.apply(auth(token)))
            .onFailure(e -> dropIfRejected(e, serviceToken, SERVICE_KEY, token)));
  }

  /** Runs an API call with the user-context token of Wych user {@code userId}. */
  <T> Future<T> asUser(UUID userId, UpstreamCall call, Function<AuthInfo, Future<T>> action) {
    return userToken(userId)
        .compose(token -> upstream.call(call, () -> action.apply(auth(token)))
            .onFailure(e -> dropIfRejected(e, userTokens, userId, token)));
  }

  private Future<String> serviceToken() {
    UpstreamCall call = UpstreamCall.read(WychErrorReader.PROVIDER, "requestToken");
    return counted(fetch -> serviceToken.get(SERVICE_KEY, () -> fetch.apply(upstream.call(call,
            () -> auth.requestToken(CLIENT_CREDENTIALS, options.clientId(), options.clientSecret(), null))
        .compose(response -> fresh(call, response.getAccessToken(), response.getExpiresIn())))));
  }

  private Future<String> userToken(UUID userId) {
    UpstreamCall call = UpstreamCall.read(WychErrorReader.PROVIDER, "createUserToken");
    return counted(fetch -> userTokens.get(userId, () -> fetch.apply(asService(call,
            auth -> users.createUserToken(options.partnerUuid(), options.appUuid(), userId, auth))
        .compose(response -> fresh(call, response.getAccessToken(), response.getExpiresIn())))));
  }

  /**
   * Counts one token use: fetched when this caller's lookup ran the fetch it was given, else served
   * from the cache (a caller joining another's fetch in flight counts as served too).
   */
  private Future<String> counted(Function<UnaryOperator<Future<SingleFlightCache.Fresh<String>>>, Future<String>> lookup) {
    boolean[] fetched = {false};
    return lookup.apply(fetch -> {
      fetched[0] = true;
      metrics.accessToken(WychErrorReader.PROVIDER, false);
      return fetch;
    }).onSuccess(token -> {
      if (!fetched[0]) {
        metrics.accessToken(WychErrorReader.PROVIDER, true);
      }
    });
  }

  /** The credentials of one API call: the app's API key and {@code token}. */
  private AuthInfo auth(String token) {
    AuthInfo auth = AuthInfo.forApiKeyAuthentication(options.apiKey(), null);
    auth.addBearerAuthentication(token);
    return auth;
  }

  /**
   * A token with its refresh time: {@code tokenRefreshMargin} before expiry, but never sooner than
   * half its lifetime, so a margin longer than a short-lived token cannot make every call fetch one.
   */
  private Future<SingleFlightCache.Fresh<String>> fresh(UpstreamCall call, String token, Integer expiresIn) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(upstream.incomplete(call));
    }
    Duration lifetime = expiresIn == null || expiresIn <= 0 ? ASSUMED_TOKEN_LIFETIME : Duration.ofSeconds(expiresIn);
    Duration reuse = lifetime.minus(options.tokenRefreshMargin());
    Duration half = lifetime.dividedBy(2);
    Instant refreshAt = clock.instant().plus(reuse.compareTo(half) > 0 ? reuse : half);
    return Future.succeededFuture(new SingleFlightCache.Fresh<>(token, refreshAt));
  }

  /** What a caller gets while token requests pause after a failure: nothing is sent, retry when the pause ends. */
  private static Throwable paused(Throwable failure, Duration left) {
    return ProviderFailure.refused(new ProviderError(Kind.UNAVAILABLE, WychErrorReader.PROVIDER, null, 0,
        "A Wych token request failed moments ago; token requests are paused briefly."), left);
  }

  /** A token Wych refused (401, or 403 for the app's credentials) is dropped: the next call fetches a fresh one. */
  private static <K> void dropIfRejected(Throwable failure, SingleFlightCache<K, String> cache, K key, String token) {
    if (failure instanceof ProviderFailure provider && provider.error().kind() == Kind.AUTHENTICATION) {
      cache.invalidate(key, token);
    }
  }
}
