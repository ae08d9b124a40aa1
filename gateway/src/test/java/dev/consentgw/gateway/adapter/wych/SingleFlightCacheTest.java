package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.gateway.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One fetch in flight per key, shared; a failure remembered for the pause only. */
class SingleFlightCacheTest {

  private static final Duration PAUSE = Duration.ofSeconds(2);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-03T09:00:00Z"));
  private final AtomicInteger fetches = new AtomicInteger();

  @Test
  void concurrentCallersShareOneFetch() {
    SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, 10);
    Promise<SingleFlightCache.Fresh<String>> answer = Promise.promise();

    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      callers.add(cache.get("service", () -> {
        fetches.incrementAndGet();
        return answer.future();
      }));
    }
    answer.complete(new SingleFlightCache.Fresh<>("token", clock.instant().plusSeconds(60)));

    assertThat(fetches).hasValue(1);
    assertThat(callers).allSatisfy(c -> assertThat(c.result()).isEqualTo("token"));
  }

  @Test
  void aFailureIsRememberedForThePauseAndThenFetchedAgain() {
    SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, 10, PAUSE,
        (failure, left) -> new IllegalStateException("paused for " + left.toMillis() + " ms"));

    Future<String> first = cache.get("service", this::failingFetch);
    clock.advance(Duration.ofMillis(500));
    Future<String> duringPause = cache.get("service", this::failingFetch);
    clock.advance(Duration.ofMillis(1500));
    Future<String> afterPause = cache.get("service", this::failingFetch);

    assertThat(first.cause()).hasMessage("token endpoint said no");
    assertThat(duringPause.cause()).hasMessage("paused for 1500 ms");
    assertThat(afterPause.cause()).hasMessage("token endpoint said no");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void withoutAPauseEveryCallerAfterAFailureFetchesAgain() {
    SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, 10);

    cache.get("service", this::failingFetch);
    cache.get("service", this::failingFetch);

    assertThat(fetches).hasValue(2);
  }

  private Future<SingleFlightCache.Fresh<String>> failingFetch() {
    fetches.incrementAndGet();
    return Future.failedFuture(new IllegalStateException("token endpoint said no"));
  }
}
