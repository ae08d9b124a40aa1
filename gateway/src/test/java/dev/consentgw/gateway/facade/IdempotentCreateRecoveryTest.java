package dev.consentgw.gateway.facade;

import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.model.Consent;
import dev.consentgw.facade.model.ConsentUserInput;
import dev.consentgw.facade.model.CreateConsentRequest;
import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.TestDefaults;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.provider.JourneyOnlyProvider;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.gateway.store.IdempotencyClaim;
import dev.consentgw.gateway.store.IdempotencyStore;
import dev.consentgw.gateway.store.StoreUnavailableException;
import dev.consentgw.gateway.store.StoredResponse;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import dev.consentgw.gateway.store.memory.InMemoryIdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idempotent create whose consent was stored but whose answer could not be recorded (the store
 * failed in between) must never start a second journey: the retry finds the consent the first
 * request reserved and created, and replays it.
 */
class IdempotentCreateRecoveryTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Tenant TENANT = new Tenant("acme", "Acme", Set.of("https://acme.example/return"),
      Set.of("fake"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final FakeProvider provider = new FakeProvider();
  private final FailingOnce idempotency = new FailingOnce(
      new InMemoryIdempotencyStore(clock, Duration.ofHours(24), LEASE, 1_000));
  private final ConsentsHandler handler = handler();

  @Test
  void aRetryAfterALostAnswerReplaysTheConsentInsteadOfStartingAnotherJourney() throws Exception {
    Throwable first = await(handler.createConsent(request(), null, "key-1", caller()).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(first).isInstanceOf(StoreUnavailableException.class);
    assertThat(provider.starts.get()).isEqualTo(1);

    ApiResponse<Consent> duringLease = await(handler.createConsent(request(), null, "key-1", caller())
        .recover(e -> Future.succeededFuture(null)));
    assertThat(duringLease).as("the first request's claim still holds the key").isNull();

    clock.advance(LEASE.plusSeconds(1));
    ApiResponse<Consent> retry = await(handler.createConsent(request(), null, "key-1", caller()));
    ApiResponse<Consent> again = await(handler.createConsent(request(), null, "key-1", caller()));

    assertThat(retry.getStatusCode()).isEqualTo(201);
    assertThat(retry.getHeaders()).containsEntry(ConsentsHandler.IDEMPOTENT_REPLAYED, "true");
    assertThat(retry.getData().getId()).isEqualTo(idempotency.reserved.get());
    assertThat(again.getData().getId()).isEqualTo(retry.getData().getId());
    assertThat(provider.starts.get()).as("one journey at the provider").isEqualTo(1);
  }

  private ConsentsHandler handler() {
    InstitutionCatalogue catalogue = new InstitutionCatalogue(List.of(provider), TestDefaults.config().catalogue(),
        clock);
    ConsentJourneys journeys = new ConsentJourneys(Map.of("fake", provider), catalogue,
        new InMemoryConsentStore(clock, TestDefaults.config().store().memory()), new JourneyTokens(),
        new SecretBox(new byte[32]), new JourneyBinding(new byte[32]), TestDefaults.config().journeys(), "https://gw.example", clock);
    TenantRegistry tenants = new TenantRegistry(List.of(new TenantRegistry.Registration(TENANT,
        List.of(TenantRegistry.sha256Hex("key")))));
    return new ConsentsHandler(journeys, tenants, idempotency, FacadeJson.create());
  }

  private static User caller() {
    return User.create(new JsonObject().put(ApiKeyAuthHandler.TENANT_ID, TENANT.id()));
  }

  private static CreateConsentRequest request() {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId("fake:bank-1");
    request.setUser(new ConsentUserInput("user-1", null));
    request.setPermissions(Set.of("accounts"));
    request.setRedirectUrl(URI.create("https://acme.example/return"));
    return request;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Loses the first answer it is asked to record, as a database failing at that moment would. */
  private static final class FailingOnce implements IdempotencyStore {
    private final IdempotencyStore delegate;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<String> reserved =
        new java.util.concurrent.atomic.AtomicReference<>();

    FailingOnce(IdempotencyStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Future<IdempotencyClaim> begin(String tenantId, String key, String fingerprint, String proposed) {
      return delegate.begin(tenantId, key, fingerprint, proposed).onSuccess(claim -> {
        if (claim instanceof IdempotencyClaim.Claimed claimed) {
          reserved.compareAndSet(null, claimed.resourceId());
        }
      });
    }

    @Override
    public Future<Void> complete(String tenantId, String key, StoredResponse response) {
      return failed.compareAndSet(false, true)
          ? Future.failedFuture(new StoreUnavailableException("the database connection was lost", Duration.ofSeconds(1),
              new IllegalStateException("connection lost")))
          : delegate.complete(tenantId, key, response);
    }

    @Override
    public Future<Void> abandon(String tenantId, String key) {
      return delegate.abandon(tenantId, key);
    }
  }

  /** One connectable bank; counts the journeys started. */
  private static final class FakeProvider extends JourneyOnlyProvider {
    final AtomicInteger starts = new AtomicInteger();

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public Future<List<Institution>> listInstitutions() {
      return Future.succeededFuture(List.of(new Institution("fake", "bank-1", "Bank One", null, List.of("GB"), null,
          Set.of(Permission.ACCOUNTS), true, Environment.SANDBOX, Map.of())));
    }

    @Override
    public Future<ConsentStart> startConsent(ConsentRequest request) {
      int n = starts.incrementAndGet();
      return Future.succeededFuture(new ConsentStart("provider-" + n, ConsentStatus.AWAITING_AUTHORIZATION,
          "https://bank.example/authorise/" + n, null, null, Map.of()));
    }

    @Override
    public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params, String next) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ConsentState> readConsent(ProviderConsentRef consent) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> revokeConsent(ProviderConsentRef consent) {
      throw new UnsupportedOperationException();
    }
  }
}
