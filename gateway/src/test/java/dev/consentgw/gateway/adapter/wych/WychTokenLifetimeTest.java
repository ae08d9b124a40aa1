package dev.consentgw.gateway.adapter.wych;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.TestDefaults;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.DirectUpstreamPolicy;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Wych adapter fetches a new service token: the refresh margin (60 s by default) before
 * expiry, but never sooner than half the token's lifetime, and an assumed lifetime when Wych names
 * none or a meaningless one. The clock is moved by hand; WireMock counts the token requests.
 */
class WychTokenLifetimeTest {

  private static final String TOKEN_PATH = "/realms/partner/protocol/openid-connect/token";

  @RegisterExtension
  static WireMockExtension wych = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static Vertx vertx;
  private static WebClient webClient;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    webClient = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theDefaultMarginIsSixtySeconds() {
    assertThat(options().tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
  }

  /** 100 s token, 60 s margin: reusing it until 40 s would refetch too often; half its life (50 s) wins. */
  @Test
  void aShortLivedTokenIsKeptForHalfItsLifetime() throws Exception {
    WychAdapter adapter = adapterWithToken("{\"access_token\": \"t\", \"expires_in\": 100}");

    list(adapter);
    clock.advance(Duration.ofSeconds(49));
    list(adapter);
    assertThat(tokenRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    list(adapter);
    assertThat(tokenRequests()).isEqualTo(2);
  }

  /** A lifetime Wych does not give, or gives as zero or less, is taken as the assumed five minutes. */
  @ParameterizedTest
  @ValueSource(strings = {"", ", \"expires_in\": 0", ", \"expires_in\": -30"})
  void aTokenWithoutAUsableLifetimeIsKeptForTheAssumedOneLessTheMargin(String expiresIn) throws Exception {
    WychAdapter adapter = adapterWithToken("{\"access_token\": \"t\"" + expiresIn + "}");
    Duration refreshAt = WychTokens.ASSUMED_TOKEN_LIFETIME.minus(options().tokenRefreshMargin());

    list(adapter);
    clock.advance(refreshAt.minusSeconds(1));
    list(adapter);
    assertThat(tokenRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    list(adapter);
    assertThat(tokenRequests()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"expires_in\": 300}", "{\"access_token\": \" \", \"expires_in\": 300}"})
  void anAnswerWithoutATokenIsAFailureAndNothingIsCached(String body) throws Exception {
    WychAdapter adapter = adapterWithToken(body);

    Throwable failure = adapter.listInstitutions().map(v -> (Throwable) null).otherwise(e -> e)
        .await(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(ProviderFailure.class);
    assertThat(((ProviderFailure) failure).error().kind()).isEqualTo(ProviderError.Kind.UNAVAILABLE);
    assertThat(((ProviderFailure) failure).retryAfter()).as("it went upstream: not a refusal").isEmpty();
    assertThat(wych.countRequestsMatching(getRequestedFor(urlEqualTo("/v3/data-holders")).build()).getCount())
        .isZero();
  }

  @Test
  void aFailedTokenRequestPausesTheNextOnesForTheConfiguredTime() throws Exception {
    wych.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(503)));
    WychAdapter adapter = new WychAdapter(vertx, webClient, options(), Environment.LIVE, new DirectUpstreamPolicy(),
        clock);
    Duration pause = options().tokenFailurePause();

    failureOf(adapter);
    clock.advance(pause.minusSeconds(1));
    ProviderFailure paused = failureOf(adapter);

    assertThat(tokenRequests()).isEqualTo(1);
    assertThat(paused.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(paused.error().kind()).isEqualTo(ProviderError.Kind.UNAVAILABLE);
    clock.advance(Duration.ofSeconds(1));
    failureOf(adapter);
    assertThat(tokenRequests()).isEqualTo(2);
  }

  @Test
  void eachTokenUseIsCountedAsFetchedOrServedFromTheCache() throws Exception {
    wych.stubFor(post(TOKEN_PATH).willReturn(okJson("{\"access_token\": \"t\", \"expires_in\": 300}")));
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("[]")));
    List<String> uses = new CopyOnWriteArrayList<>();
    GatewayMetrics metrics = new GatewayMetrics() {
      @Override
      public void accessToken(String provider, boolean fromCache) {
        uses.add(provider + (fromCache ? " cached" : " fetched"));
      }
    };
    WychAdapter adapter = new WychAdapter(vertx, webClient, options(), Environment.LIVE, new DirectUpstreamPolicy(),
        clock, metrics);

    list(adapter);
    list(adapter);

    assertThat(uses).containsExactly("wych fetched", "wych cached");
    assertThat(tokenRequests()).isEqualTo(1);
  }

  private static ProviderFailure failureOf(WychAdapter adapter) throws Exception {
    Throwable failure = adapter.listInstitutions().map(v -> (Throwable) null).otherwise(e -> e)
        .await(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProviderFailure.class);
    return (ProviderFailure) failure;
  }

  private WychAdapter adapterWithToken(String body) {
    wych.stubFor(post(TOKEN_PATH).willReturn(okJson(body)));
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("[]")));
    return new WychAdapter(vertx, webClient, options(), Environment.LIVE, new DirectUpstreamPolicy(), clock);
  }

  private static void list(WychAdapter adapter) throws Exception {
    adapter.listInstitutions().await(10, TimeUnit.SECONDS);
  }

  private static int tokenRequests() {
    return wych.countRequestsMatching(postRequestedFor(urlEqualTo(TOKEN_PATH)).build()).getCount();
  }

  private static WychOptions options() {
    return TestDefaults.config().providers().wych().toward(wych.baseUrl() + "/v3", wych.baseUrl() + TOKEN_PATH,
        "api-key", "gateway-client", "client-secret", "3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11",
        "9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22");
  }
}
