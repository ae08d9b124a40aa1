package dev.consentgw.gateway.store;

import io.vertx.pgclient.PgConnectOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the gateway keeps its state (the {@code store:} section of {@code gateway-defaults.yaml},
 * where every default is documented): PostgreSQL when a URL is set, else bounded memory.
 *
 * @param idempotencyLease how long an in-flight idempotency claim holds its key; a claim whose
 *     request never finished (its node died) is taken over after this
 * @param retryAfter what {@code Retry-After} tells a client refused because the store is unavailable
 */
public record StoreOptions(Postgres postgres, Memory memory, Duration idempotencyLease, Duration retryAfter) {

  /**
   * @param url {@code postgresql://user:password@host:port/database}; empty selects the in-memory store
   */
  public record Postgres(String url, int poolSize, Duration statementTimeout, Duration connectTimeout) {

    /** Parsed connection options; call only when {@link #url()} is set. */
    public PgConnectOptions connectOptions() {
      return PgConnectOptions.fromUri(url)
          .addProperty("statement_timeout", Long.toString(statementTimeout.toMillis()))
          .addProperty("application_name", "consent-gateway");
    }

    @Override
    public String toString() {
      return "Postgres[url=" + (url.isEmpty() ? "<none>" : "<set>") + ", poolSize=" + poolSize + ", statementTimeout="
          + statementTimeout + ", connectTimeout=" + connectTimeout + "]";
    }
  }

  /**
   * @param maxConsents consents kept at most; beyond it the least recently used are dropped
   * @param maxIdempotencyRecords idempotency records kept at most
   * @param abandonedJourneyRetention how long a consent still awaiting authorisation is kept after its
   *     journey link expired
   * @param maxEvents events (with their webhook deliveries) kept at most; the oldest go first
   */
  public record Memory(long maxConsents, long maxIdempotencyRecords, Duration abandonedJourneyRetention,
      long maxEvents) {

    /** Without a bound of its own on events: as many as consents (at least one). */
    public Memory(long maxConsents, long maxIdempotencyRecords, Duration abandonedJourneyRetention) {
      this(maxConsents, maxIdempotencyRecords, abandonedJourneyRetention, Math.max(1, maxConsents));
    }
  }

  /**
   * Whether the URL has a database path (the parser refuses an empty one). Not the parsed options:
   * the parser falls back to a database called {@code db} when the URL names none.
   */
  private static boolean namesDatabase(String url) {
    return url.substring(url.indexOf("://") + "://".length()).contains("/");
  }

  public boolean usesPostgres() {
    return !postgres.url().isEmpty();
  }

  /** Every problem with these settings, for the start-up check; empty when they are usable. */
  public List<String> problems(boolean tokenEncryptionKeySet) {
    List<String> problems = new ArrayList<>();
    if (usesPostgres()) {
      try {
        postgres.connectOptions();
        if (!namesDatabase(postgres.url())) {
          problems.add("store.postgres.url must name a database: postgresql://user:password@host:port/database");
        }
      } catch (RuntimeException e) {
        // The parser's message may quote the URL, password included: say only what is expected.
        problems.add("store.postgres.url (or CGW_POSTGRES_URL) is not a postgresql://user:password@host:port/database URI");
      }
      if (!tokenEncryptionKeySet) {
        problems.add("security.tokenEncryptionKey (CGW_TOKEN_ENCRYPTION_KEY) must be set when PostgreSQL is used:"
            + " a random per-process key would make every stored consent token unreadable after a restart");
      }
    }
    if (postgres.poolSize() < 1) {
      problems.add("store.postgres.poolSize must be at least 1");
    }
    if (!positive(postgres.statementTimeout()) || !positive(postgres.connectTimeout())) {
      problems.add("store.postgres.statementTimeout and connectTimeout must be positive");
    }
    if (memory.maxConsents() < 1 || memory.maxIdempotencyRecords() < 1) {
      problems.add("store.memory.maxConsents and maxIdempotencyRecords must be at least 1");
    }
    if (memory.maxEvents() < 1) {
      problems.add("store.memory.maxEvents must be at least 1");
    }
    if (memory.abandonedJourneyRetention().isNegative()) {
      problems.add("store.memory.abandonedJourneyRetention must not be negative");
    }
    if (!positive(idempotencyLease) || !positive(retryAfter)) {
      problems.add("store.idempotencyLease and store.retryAfter must be positive");
    }
    return problems;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
