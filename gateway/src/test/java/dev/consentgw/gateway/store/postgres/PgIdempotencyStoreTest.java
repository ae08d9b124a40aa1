package dev.consentgw.gateway.store.postgres;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store contract cannot reach from outside: the periodic purge, and a claim that loses its
 * row to a concurrent abandon between its two statements (reproduced by a pool that runs another
 * node's statement right before the store's).
 */
class PgIdempotencyStoreTest {

  private static final String DATABASE = "pg_idempotency";
  private static final Duration RETENTION = Duration.ofHours(24);
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static Vertx vertx;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));
  private Pool pool;
  private PgIdempotencyStore store;

  @BeforeAll
  static void migrate() {
    vertx = Vertx.vertx();
    SchemaMigrations.apply(options().connectOptions());
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void open() {
    TestDatabase.truncate(DATABASE);
    pool = PgBuilder.pool().connectingTo(options().connectOptions()).using(vertx).build();
    store = store(pool);
  }

  @AfterEach
  void close() {
    await(pool.close());
  }

  @Test
  void thePurgeDeletesRecordsAtTheEndOfTheirRetentionAndNothingYounger() {
    await(store.begin("t1", "old", "fp", "cns_old"));
    clock.advance(Duration.ofSeconds(1));
    await(store.begin("t1", "young", "fp", "cns_young"));
    clock.advance(RETENTION.minusSeconds(1));

    assertThat(await(store.purgeExpired())).as("exactly at its retention").isEqualTo(1);
    assertThat(await(store.purgeExpired())).isZero();
    assertThat(rows()).isEqualTo(1);
    assertThat(await(store.begin("t1", "young", "fp-other", "cns_other"))).as("the young record is kept")
        .isInstanceOf(IdempotencyClaim.Conflict.class);
  }

  @Test
  void aClaimWhoseRowIsAbandonedMeanwhileTriesAgainAndWins() {
    await(store.begin("t1", "k", "fp", "cns_first"));
    AtomicInteger claims = new AtomicInteger();
    PgIdempotencyStore racing = store(racingPool(sql -> {
      if (sql.startsWith("insert")) {
        claims.incrementAndGet();
      }
      // The first request fails and abandons the key right after this one's claim found it taken.
      return sql.startsWith("select") ? "delete from idempotency_keys" : null;
    }));

    assertThat(await(racing.begin("t1", "k", "fp", "cns_second"))).isEqualTo(new IdempotencyClaim.Claimed("cns_second"));
    assertThat(claims).hasValue(2);
  }

  @Test
  void aClaimThatKeepsLosingItsRowGivesUpAfterThreeAttempts() {
    AtomicInteger claims = new AtomicInteger();
    PgIdempotencyStore racing = store(racingPool(sql -> {
      if (sql.startsWith("insert")) {
        claims.incrementAndGet();
        // Another request claims the key first, every time ...
        return "insert into idempotency_keys (tenant_id, idempotency_key, fingerprint, created_at, lease_until)"
            + " values ('t1', 'k', 'fp', now(), now() + interval '1 hour')";
      }
      // ... and abandons it before this one reads it.
      return sql.startsWith("select") ? "delete from idempotency_keys" : null;
    }));

    assertThat(await(racing.begin("t1", "k", "fp", "cns_mine"))).isInstanceOf(IdempotencyClaim.InProgress.class);
    assertThat(claims).hasValue(3);
  }

  private PgIdempotencyStore store(Pool on) {
    return new PgIdempotencyStore(on, new PgFailures(Duration.ofSeconds(10), Duration.ofSeconds(2)), clock, RETENTION,
        LEASE);
  }

  /**
   * The test's pool, except that before each prepared statement {@code interloper} may name another
   * statement, run first on its own connection (another node's request).
   */
  private Pool racingPool(Function<String, String> interloper) {
    return (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class},
        (proxy, method, args) -> {
          Object result = invoke(method, pool, args);
          if (!method.getName().equals("preparedQuery") || args.length != 1) {
            return result;
          }
          String sql = ((String) args[0]).strip();
          PreparedQuery<?> real = (PreparedQuery<?>) result;
          return Proxy.newProxyInstance(PreparedQuery.class.getClassLoader(), new Class<?>[] {PreparedQuery.class},
              (q, m, a) -> {
                if (!m.getName().equals("execute") || a == null || a.length != 1 || !(a[0] instanceof Tuple)) {
                  return invoke(m, real, a);
                }
                String other = interloper.apply(sql);
                Future<?> before = other == null ? Future.succeededFuture() : pool.query(other).execute();
                return before.compose(v -> (Future<?>) invokeUnchecked(m, real, a));
              });
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object invokeUnchecked(java.lang.reflect.Method method, Object target, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private long rows() {
    return await(pool.query("select count(*) from idempotency_keys").execute()).iterator().next().getLong(0);
  }

  private static StoreOptions.Postgres options() {
    return new StoreOptions.Postgres(TestDatabase.url(DATABASE), 4, Duration.ofSeconds(3), Duration.ofSeconds(2));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
