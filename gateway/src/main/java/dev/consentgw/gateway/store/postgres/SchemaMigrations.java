package dev.consentgw.gateway.store.postgres;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Applies the versioned migrations in {@code db/migration} with Flyway over JDBC. Blocking: run it
 * once at start-up on a worker thread. Several nodes starting together are safe (Flyway holds a
 * database lock while it migrates).
 */
final class SchemaMigrations {

  private SchemaMigrations() {
  }

  /** Migrates to the newest known version; refuses a database whose schema is newer than this code. */
  static MigrationVersion apply(PgConnectOptions options) {
    Flyway flyway = Flyway.configure()
        .dataSource(jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load();
    Optional<MigrationInfo> future = Arrays.stream(flyway.info().applied())
        .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
        .max(Comparator.comparing(MigrationInfo::getVersion));
    if (future.isPresent()) {
      throw new IllegalStateException("the database schema is at version " + future.get().getVersion()
          + ", newer than this gateway knows (" + newestKnown(flyway) + "): run a gateway release that knows it");
    }
    flyway.migrate();
    return newestKnown(flyway);
  }

  private static MigrationVersion newestKnown(Flyway flyway) {
    return Arrays.stream(flyway.info().all())
        .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED)
        .map(MigrationInfo::getVersion)
        .max(Comparator.naturalOrder())
        .orElse(MigrationVersion.EMPTY);
  }

  static String jdbcUrl(PgConnectOptions options) {
    String url = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return options.getSslMode() == null || options.getSslMode() == SslMode.DISABLE
        ? url : url + "?sslmode=" + options.getSslMode().value;
  }
}
