package dev.consentgw.gateway.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL 14 per test JVM (no Docker, no installed server), started on first use
 * on a free port and stopped when the JVM exits.
 */
public final class TestDatabase {

  private static EmbeddedPostgres postgres;

  private TestDatabase() {
  }

  public static synchronized EmbeddedPostgres get() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the JVM is exiting; the data directory is temporary anyway
        }
      }));
    }
    return postgres;
  }

  /** The gateway's {@code store.postgres.url} for a database on the shared server (created if missing). */
  public static String url(String database) {
    EmbeddedPostgres pg = get();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      var exists = s.executeQuery("select 1 from pg_database where datname = '" + database + "'");
      if (!exists.next()) {
        s.execute("create database " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/" + database;
  }

  /** Empties the gateway's tables (between tests). */
  public static void truncate(String database) {
    try (Connection c = get().getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
      s.execute("truncate consents, idempotency_keys, events, deliveries, disabled_endpoints, expiring_notices");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
