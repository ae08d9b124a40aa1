package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.consentgw.gateway.resilience.BreakerGuardTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Institution ids come from consumers: however many are asked for, the breakers kept stay bounded. */
class InstitutionBreakersTest {

  private static final int MAX_TRACKED = 100;
  private static final Duration IDLE_EXPIRY = Duration.ofHours(1);
  private static final Duration OPEN_FOR = Duration.ofSeconds(15);

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void keepsNoMoreBreakersThanMaxTrackedHoweverManyInstitutionsAreAskedFor() {
    InstitutionBreakers registry = new InstitutionBreakers(MAX_TRACKED, IDLE_EXPIRY, InstitutionBreakersTest::institution);

    for (int i = 0; i < MAX_TRACKED * 20; i++) {
      registry.get("random-" + i);
    }

    assertThat(registry.tracked()).isEqualTo(MAX_TRACKED);
    assertThat(registry.all()).hasSize(MAX_TRACKED);
  }

  @Test
  void forgetsABreakerNobodyAskedAboutForTheIdleExpiry() {
    AtomicLong nanos = new AtomicLong();
    InstitutionBreakers registry = new InstitutionBreakers(MAX_TRACKED, IDLE_EXPIRY, InstitutionBreakersTest::institution,
        nanos::get);
    BreakerGuard first = registry.get("ferrous");
    registry.get("thistle");

    nanos.addAndGet(IDLE_EXPIRY.minusSeconds(1).toNanos());
    assertThat(registry.get("ferrous")).as("asked about in time: the same breaker").isSameAs(first);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());

    assertThat(registry.tracked()).as("thistle was idle for the whole expiry").isEqualTo(1);
    nanos.addAndGet(IDLE_EXPIRY.toNanos());
    assertThat(registry.tracked()).isZero();
    assertThat(registry.get("ferrous")).as("a forgotten breaker starts again").isNotSameAs(first);
  }

  @Test
  void anOpenBreakerIsStillOpenForTheNextCallWhileUnderTheCap() throws Exception {
    InstitutionBreakers registry = new InstitutionBreakers(MAX_TRACKED, IDLE_EXPIRY, InstitutionBreakersTest::institution);
    ProviderGuards guards = new ProviderGuards("yapily", provider(), registry, new Bulkhead(8),
        new RetryBudget(0.2, 3, Duration.ofSeconds(10), new MutableClock(Instant.parse("2025-06-03T09:00:00Z"))));
    for (int i = 0; i < 5; i++) {
      guards.admit(UpstreamCall.write("yapily", "ferrous", "op"))
          .complete(failure(Kind.INSTITUTION_UNAVAILABLE, 424)).await(5, TimeUnit.SECONDS);
    }
    for (int i = 0; i < MAX_TRACKED - 2; i++) {
      guards.admit(UpstreamCall.write("yapily", "other-" + i, "op")).complete(null).await(5, TimeUnit.SECONDS);
    }

    assertThatThrownBy(() -> guards.admit(UpstreamCall.write("yapily", "ferrous", "op")))
        .isInstanceOfSatisfying(ProviderFailure.class, refused -> {
          assertThat(refused.error().kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
          assertThat(refused.retryAfter()).isPresent();
        });
    assertThat(registry.tracked()).isEqualTo(MAX_TRACKED - 1);
    assertThat(guards.snapshot().institutions()).singleElement().satisfies(ferrous -> {
      assertThat(ferrous.name()).isEqualTo("yapily:ferrous");
      assertThat(ferrous.state()).isEqualTo(CircuitBreakerState.OPEN);
      assertThat(ferrous.rejectedCalls()).isEqualTo(1);
    });
  }

  private static BreakerGuard institution(String institutionId) {
    return BreakerGuard.create(vertx, "yapily:" + institutionId, new ResilienceOptions.Breaker(5, OPEN_FOR),
        OutcomeClassifier::forInstitution, (breaker, from, to, failures) -> { });
  }

  private static BreakerGuard provider() {
    return BreakerGuard.create(vertx, "yapily", new ResilienceOptions.Breaker(5, OPEN_FOR),
        OutcomeClassifier::forProvider, (breaker, from, to, failures) -> { });
  }
}
