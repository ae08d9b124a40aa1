package dev.consentgw.gateway.store;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.observability.ConsentEvent;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.store.memory.MemoryStores;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metering wrapper over the in-memory stores: every operation is timed under its own name and
 * marked failed or not, and the consent funnel counts committed status changes only.
 */
class MeteredStoresTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final Stores memory = new MemoryStores(clock, new StoreOptions(
      new StoreOptions.Postgres("", 8, Duration.ofSeconds(3), Duration.ofSeconds(2)),
      new StoreOptions.Memory(100, 100, Duration.ofHours(1)), Duration.ofSeconds(60), Duration.ofSeconds(2)),
      Duration.ofHours(24));
  private final MeteredStores stores = new MeteredStores(memory, metrics);

  @Test
  void everyConsentOperationIsTimedUnderItsName() {
    value(stores.consents().insert(consent("cns_1", ConsentStatus.AWAITING_AUTHORIZATION)));
    assertThat(value(stores.consents().get("cns_1"))).isPresent();
    assertThat(value(stores.consents().update("cns_1", r -> r))).isPresent();
    assertThat(value(stores.consents().findByJourneyTokenHash("hash-cns_1"))).isPresent();
    assertThat(value(stores.consents().findByProviderConsentId("yapily", "pc-cns_1"))).isPresent();
    assertThat(value(stores.consents().listByUser("acme", "user-1"))).hasSize(1);

    assertThat(metrics.storeCalls).containsExactly("consents insert ok", "consents get ok", "consents update ok",
        "consents findByJourneyTokenHash ok", "consents findByProviderConsentId ok", "consents listByUser ok");
    assertThat(metrics.nanos).allSatisfy(n -> assertThat(n).isNotNegative());
  }

  @Test
  void everyIdempotencyOperationIsTimedUnderItsName() {
    value(stores.idempotency().begin("acme", "k", "fp", "cns_1"));
    value(stores.idempotency().complete("acme", "k", new StoredResponse(201, "cns_1", new byte[] {1})));
    value(stores.idempotency().abandon("acme", "k"));

    assertThat(metrics.storeCalls).containsExactly("idempotency begin ok", "idempotency complete ok",
        "idempotency abandon ok");
    assertThat(value(memory.idempotency().begin("acme", "k", "fp", "cns_2")))
        .as("the calls reached the store").isInstanceOf(IdempotencyClaim.Replay.class);
  }

  @Test
  void aFailedOrThrowingOperationIsCountedAsFailedAndFailsItsFuture() {
    IllegalStateException down = new IllegalStateException("down");
    MeteredStores broken = new MeteredStores(new BrokenStores(down), metrics);

    Future<Void> failed = broken.consents().insert(consent("cns_1", ConsentStatus.AWAITING_AUTHORIZATION));
    Future<Optional<ConsentRecord>> thrown = broken.consents().get("cns_1");

    assertThat(failed.cause()).isSameAs(down);
    assertThat(thrown.cause()).isSameAs(down);
    assertThat(metrics.storeCalls).containsExactly("consents insert failed", "consents get failed");
    assertThat(metrics.events).as("nothing was created").isEmpty();
  }

  @Test
  void aCreatedConsentIsCountedOnce() {
    value(stores.consents().insert(consent("cns_1", ConsentStatus.AWAITING_AUTHORIZATION)));

    assertThat(metrics.events).containsExactly("yapily created");
  }

  @Test
  void eachCommittedStatusChangeIsCountedAndNothingElse() {
    value(stores.consents().insert(consent("cns_1", ConsentStatus.AWAITING_AUTHORIZATION)));
    metrics.events.clear();

    value(stores.consents().update("cns_1", r -> r.withJourneyUsed()));
    value(stores.consents().update("cns_1", r -> status(r, ConsentStatus.AWAITING_AUTHORIZATION)));
    value(stores.consents().update("cns_1", r -> status(r, ConsentStatus.UNKNOWN)));
    value(stores.consents().update("cns_1", r -> status(r, ConsentStatus.AUTHORIZED)));
    value(stores.consents().update("cns_1", r -> status(r, ConsentStatus.AUTHORIZED)));
    value(stores.consents().update("cns_unknown", r -> status(r, ConsentStatus.REVOKED)));

    assertThat(metrics.events).containsExactly("yapily authorised");
  }

  @Test
  void everyFinalStatusHasItsEvent() {
    List<ConsentStatus> finals = List.of(ConsentStatus.REJECTED, ConsentStatus.FAILED, ConsentStatus.REVOKED,
        ConsentStatus.EXPIRED);
    for (ConsentStatus status : finals) {
      String id = "cns_" + status.wireName();
      value(stores.consents().insert(consent(id, ConsentStatus.AUTHORIZED)));
      value(stores.consents().update(id, r -> status(r, status)));
    }

    assertThat(metrics.events).containsExactly("yapily created", "yapily rejected", "yapily created",
        "yapily failed", "yapily created", "yapily revoked", "yapily created", "yapily expired");
  }

  @Test
  void aChangeRetriedByTheStoreCountsOnlyWhatItsCommitChanged() {
    // Another node authorised the consent while this node's first try ran on the row as it was before.
    value(memory.consents().insert(consent("cns_1", ConsentStatus.AUTHORIZED)));
    MeteredStores metered = new MeteredStores(new RetryingStores(memory, ConsentStatus.AWAITING_AUTHORIZATION),
        metrics);

    Optional<ConsentRecord> committed = value(metered.consents().update("cns_1",
        r -> status(r, ConsentStatus.AUTHORIZED)));

    assertThat(committed).get().extracting(ConsentRecord::status).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(metrics.events).as("the other node counted it").isEmpty();
  }

  @Test
  void theRestIsTheDelegates() {
    assertThat(stores.kind()).isEqualTo("memory");
    assertThat(stores.check().succeeded()).isTrue();
    assertThat(stores.close().succeeded()).isTrue();
    assertThat(new MeteredStores(new BrokenStores(new IllegalStateException()), metrics).kind()).isEqualTo("broken");
    assertThat(new MeteredStores(new BrokenStores(new IllegalStateException()), metrics).check().failed()).isTrue();
    assertThat(new MeteredStores(new BrokenStores(new IllegalStateException()), metrics).close().failed()).isTrue();
  }

  private ConsentRecord status(ConsentRecord r, ConsentStatus status) {
    return r.withStatus(status, clock.instant(), null, null);
  }

  private ConsentRecord consent(String id, ConsentStatus status) {
    Instant now = clock.instant();
    return ConsentRecord.builder().id(id).tenantId("acme").provider("yapily").institutionId("yapily:thistle")
        .providerInstitutionId("thistle").userReference("user-1").permissions(Set.of(Permission.ACCOUNTS))
        .status(status).createdAt(now).updatedAt(now).providerConsentId("pc-" + id)
        .journeyTokenHash("hash-" + id).journeyExpiresAt(now.plus(Duration.ofMinutes(15))).build();
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.succeeded()).as("succeeded").isTrue();
    return future.result();
  }

  private static final class RecordingMetrics implements GatewayMetrics {
    final List<String> storeCalls = new CopyOnWriteArrayList<>();
    final List<Long> nanos = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void storeCall(String store, String operation, boolean failed, long nanos) {
      storeCalls.add(store + " " + operation + " " + (failed ? "failed" : "ok"));
      this.nanos.add(nanos);
    }

    @Override
    public void consentEvent(String provider, ConsentEvent event) {
      events.add(provider + " " + event.label());
    }
  }

  /** Fails {@code insert}'s future; throws from {@code get} (a bug in an implementation). */
  private static final class BrokenStores implements Stores, ConsentStore {
    private final RuntimeException failure;

    BrokenStores(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public ConsentStore consents() {
      return this;
    }

    @Override
    public IdempotencyStore idempotency() {
      return null;
    }

    @Override
    public EventStore events() {
      return null;
    }

    @Override
    public String kind() {
      return "broken";
    }

    @Override
    public Future<Void> check() {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<Void> close() {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<Void> insert(ConsentRecord record) {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<Optional<ConsentRecord>> get(String consentId) {
      throw failure;
    }

    @Override
    public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
      return Future.failedFuture(failure);
    }

    @Override
    public Future<List<ConsentRecord>> leaseDue(java.time.Instant now, java.time.Instant leaseUntil, int max) {
      return Future.failedFuture(failure);
    }
  }

  /**
   * Runs each change twice, as a database retry after a serialization failure would: first on a
   * stale copy of the row (in status {@code stale}), then on the row as committed meanwhile.
   */
  private static final class RetryingStores implements Stores, ConsentStore {
    private final Stores delegate;
    private final ConsentStatus stale;

    RetryingStores(Stores delegate, ConsentStatus stale) {
      this.delegate = delegate;
      this.stale = stale;
    }

    @Override
    public ConsentStore consents() {
      return this;
    }

    @Override
    public IdempotencyStore idempotency() {
      return delegate.idempotency();
    }

    @Override
    public EventStore events() {
      return delegate.events();
    }

    @Override
    public String kind() {
      return delegate.kind();
    }

    @Override
    public Future<Void> check() {
      return delegate.check();
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }

    @Override
    public Future<Void> insert(ConsentRecord record) {
      return delegate.consents().insert(record);
    }

    @Override
    public Future<Optional<ConsentRecord>> get(String consentId) {
      return delegate.consents().get(consentId);
    }

    @Override
    public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
      return delegate.consents().update(consentId, current -> {
        change.apply(current.toBuilder().status(stale).build());
        return change.apply(current);
      });
    }

    @Override
    public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
      return delegate.consents().findByJourneyTokenHash(tokenHash);
    }

    @Override
    public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
      return delegate.consents().findByProviderConsentId(provider, providerConsentId);
    }

    @Override
    public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
      return delegate.consents().listByUser(tenantId, userReference);
    }

    @Override
    public Future<List<ConsentRecord>> leaseDue(java.time.Instant now, java.time.Instant leaseUntil, int max) {
      return delegate.consents().leaseDue(now, leaseUntil, max);
    }
  }
}
