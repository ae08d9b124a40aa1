package dev.consentgw.gateway.store;

import dev.consentgw.gateway.observability.ConsentEvent;
import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.provider.ConsentStatus;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Wraps either store implementation so that every operation's latency and failure is measured the
 * same way, in memory or on PostgreSQL. The consent funnel is counted here too: every consent is
 * created by {@link ConsentStore#insert} and changes status only through {@link ConsentStore#update},
 * so counting committed status changes here misses none, whichever part of the journey made them.
 */
public final class MeteredStores implements Stores {

  private final Stores delegate;
  private final ConsentStore consents;
  private final IdempotencyStore idempotency;

  public MeteredStores(Stores delegate, GatewayMetrics metrics) {
    this.delegate = delegate;
    this.consents = new Consents(delegate.consents(), metrics);
    this.idempotency = new Idempotency(delegate.idempotency(), metrics);
  }

  @Override
  public ConsentStore consents() {
    return consents;
  }

  @Override
  public IdempotencyStore idempotency() {
    return idempotency;
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

  private static <T> Future<T> timed(GatewayMetrics metrics, String store, String operation, Supplier<Future<T>> call) {
    long started = System.nanoTime();
    Future<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(done -> metrics.storeCall(store, operation, done.failed(), System.nanoTime() - started));
  }

  private static final class Consents implements ConsentStore {
    private static final String STORE = "consents";
    private final ConsentStore delegate;
    private final GatewayMetrics metrics;

    Consents(ConsentStore delegate, GatewayMetrics metrics) {
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public Future<Void> insert(ConsentRecord record) {
      return timed(metrics, STORE, "insert", () -> delegate.insert(record))
          .onSuccess(v -> metrics.consentEvent(record.provider(), ConsentEvent.CREATED));
    }

    @Override
    public Future<Optional<ConsentRecord>> get(String consentId) {
      return timed(metrics, STORE, "get", () -> delegate.get(consentId));
    }

    @Override
    public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
      // The change may run more than once (a database retry): only the committed one counts.
      ConsentStatus[] before = new ConsentStatus[1];
      return timed(metrics, STORE, "update", () -> delegate.update(consentId, current -> {
        before[0] = current.status();
        return change.apply(current);
      })).onSuccess(updated -> updated.ifPresent(after -> {
        if (after.status() != before[0]) {
          funnelEvent(after.status()).ifPresent(event -> metrics.consentEvent(after.provider(), event));
        }
      }));
    }

    @Override
    public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
      return timed(metrics, STORE, "findByJourneyTokenHash", () -> delegate.findByJourneyTokenHash(tokenHash));
    }

    @Override
    public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
      return timed(metrics, STORE, "findByProviderConsentId",
          () -> delegate.findByProviderConsentId(provider, providerConsentId));
    }

    @Override
    public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
      return timed(metrics, STORE, "listByUser", () -> delegate.listByUser(tenantId, userReference));
    }

    @Override
    public Future<List<ConsentRecord>> leaseDue(Instant now, Instant leaseUntil, int max) {
      return timed(metrics, STORE, "leaseDue", () -> delegate.leaseDue(now, leaseUntil, max));
    }

    private static Optional<ConsentEvent> funnelEvent(ConsentStatus status) {
      return Optional.ofNullable(switch (status) {
        case AUTHORIZED -> ConsentEvent.AUTHORISED;
        case REJECTED -> ConsentEvent.REJECTED;
        case FAILED -> ConsentEvent.FAILED;
        case REVOKED -> ConsentEvent.REVOKED;
        case EXPIRED -> ConsentEvent.EXPIRED;
        case AWAITING_AUTHORIZATION, UNKNOWN -> null;
      });
    }
  }

  private static final class Idempotency implements IdempotencyStore {
    private static final String STORE = "idempotency";
    private final IdempotencyStore delegate;
    private final GatewayMetrics metrics;

    Idempotency(IdempotencyStore delegate, GatewayMetrics metrics) {
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint,
        String proposedResourceId) {
      return timed(metrics, STORE, "begin", () -> delegate.begin(tenantId, key, fingerprint, proposedResourceId));
    }

    @Override
    public Future<Void> complete(String tenantId, String key, StoredResponse response) {
      return timed(metrics, STORE, "complete", () -> delegate.complete(tenantId, key, response));
    }

    @Override
    public Future<Void> abandon(String tenantId, String key) {
      return timed(metrics, STORE, "abandon", () -> delegate.abandon(tenantId, key));
    }
  }
}
