package dev.consentgw.gateway.store;

import dev.consentgw.gateway.store.postgres.PostgresStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/** The events contract against PostgreSQL (embedded, tables emptied per test). */
class PostgresEventStoreTest extends EventStoreContractTest {

  private static final String DATABASE = "event_contract";
  private static Vertx vertx;
  private Stores stores;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void openStores() {
    stores = await(PostgresStores.open(vertx, PostgresStoreTest.options(TestDatabase.url(DATABASE)), clock,
        Duration.ofHours(24), outbox));
    TestDatabase.truncate(DATABASE);
  }

  @AfterEach
  void closeStores() {
    await(stores.close());
  }

  @Override
  protected Stores stores() {
    return stores;
  }
}
