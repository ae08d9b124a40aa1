package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.model.Consent;
import dev.consentgw.facade.model.ConsentUserInput;
import dev.consentgw.facade.model.CreateConsentRequest;
import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.catalogue.CatalogueOptions;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.journey.ConsentJourneys;
import dev.consentgw.gateway.journey.FakeProvider;
import dev.consentgw.gateway.journey.JourneyFailure;
import dev.consentgw.gateway.journey.JourneyFailure.Reason;
import dev.consentgw.gateway.journey.JourneyOptions;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.security.ApiKeyAuthHandler;
import dev.consentgw.gateway.security.JourneyTokens;
import dev.consentgw.gateway.security.JourneyBinding;
import dev.consentgw.gateway.security.SecretBox;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import dev.consentgw.gateway.store.StoreOptions;
import dev.consentgw.gateway.store.memory.InMemoryConsentStore;
import dev.consentgw.gateway.store.memory.InMemoryIdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of {@code Idempotency-Key} in {@link ConsentsHandler}, without HTTP: the handler
 * over the real journey layer, a fake provider and the in-memory stores. Each case asserts what the
 * client gets and how many journeys were started upstream.
 */
class ConsentsHandlerIdempotencyTest {

  private static final String RETURN = "https://app.example/return";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final FakeProvider yapily = new FakeProvider("yapily", null, List.of(FakeProvider.institution("yapily",
      "thistle", "Thistle Bank", true, Set.of(Permission.ACCOUNTS, Permission.BALANCES))));
  private final Tenant acme = new Tenant("acme", "Acme", Set.of(RETURN), Set.of("yapily"));
  private final Tenant globex = new Tenant("globex", "Globex", Set.of(RETURN), Set.of("yapily"));
  private final ObjectMapper json = FacadeJson.create();
  private final ConsentsHandler handler;

  ConsentsHandlerIdempotencyTest() {
    ConsentJourneys journeys = new ConsentJourneys(Map.of("yapily", yapily),
        new InstitutionCatalogue(List.of(yapily), new CatalogueOptions(Duration.ofHours(1), Duration.ZERO), clock),
        new InMemoryConsentStore(clock, new StoreOptions.Memory(100, 100, Duration.ofHours(1))), new JourneyTokens(),
        new SecretBox(new byte[32]), new JourneyBinding(new byte[32]), new JourneyOptions(Duration.ofMinutes(15), Duration.ofSeconds(30),
            Duration.ofHours(24), 5_000), "https://gw.example", clock);
    TenantRegistry tenants = new TenantRegistry(List.of(
        new TenantRegistry.Registration(acme, List.of(TenantRegistry.sha256Hex("acme-key"))),
        new TenantRegistry.Registration(globex, List.of(TenantRegistry.sha256Hex("globex-key")))));
    handler = new ConsentsHandler(journeys, tenants,
        new InMemoryIdempotencyStore(clock, Duration.ofHours(24), Duration.ofSeconds(60), 100), json);
    yapily.start = () -> Future.succeededFuture(new ConsentStart("pc-" + yapily.started.size(),
        ConsentStatus.AWAITING_AUTHORIZATION, "https://bank.example/auth", null, null, Map.of()));
  }

  @Test
  void withoutAKeyEveryRequestStartsAJourney() {
    ApiResponse<Consent> first = value(handler.createConsent(body("st-1"), "req-1", null, caller(acme)));
    ApiResponse<Consent> second = value(handler.createConsent(body("st-1"), "req-2", null, caller(acme)));

    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(first.getHeaders()).containsEntry("Location", "/v1/consents/" + first.getData().getId())
        .doesNotContainKey(ConsentsHandler.IDEMPOTENT_REPLAYED);
    assertThat(second.getData().getId()).isNotEqualTo(first.getData().getId());
    assertThat(yapily.started).hasSize(2);
  }

  @Test
  void aRepeatedRequestWithTheSameKeyReplaysTheFirstAnswerWithoutAnotherJourney() throws Exception {
    ApiResponse<Consent> first = value(handler.createConsent(body("st-1"), "req-1", "key-1", caller(acme)));
    ApiResponse<Consent> replay = value(handler.createConsent(body("st-1"), "req-2", "key-1", caller(acme)));

    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(first.getHeaders()).doesNotContainKey(ConsentsHandler.IDEMPOTENT_REPLAYED);
    assertThat(replay.getStatusCode()).isEqualTo(201);
    assertThat(replay.getHeaders())
        .containsEntry(ConsentsHandler.IDEMPOTENT_REPLAYED, "true")
        .containsEntry("Location", "/v1/consents/" + first.getData().getId());
    assertThat(json.writeValueAsString(replay.getData())).isEqualTo(json.writeValueAsString(first.getData()));
    assertThat(yapily.started).hasSize(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsAConflict() {
    value(handler.createConsent(body("st-1"), "req-1", "key-1", caller(acme)));

    JourneyFailure conflict = refusal(handler.createConsent(body("st-2"), "req-2", "key-1", caller(acme)));

    assertThat(conflict.reason()).isEqualTo(Reason.IDEMPOTENCY_CONFLICT);
    assertThat(conflict.pointers()).containsExactly("/header/Idempotency-Key");
    assertThat(yapily.started).hasSize(1);
  }

  @Test
  void aKeyIsTheTenantsOwn() {
    value(handler.createConsent(body("st-1"), "req-1", "key-1", caller(acme)));

    ApiResponse<Consent> other = value(handler.createConsent(body("st-1"), "req-2", "key-1", caller(globex)));

    assertThat(other.getHeaders()).doesNotContainKey(ConsentsHandler.IDEMPOTENT_REPLAYED);
    assertThat(yapily.started).hasSize(2);
  }

  @Test
  void aRequestStillRunningMakesTheSecondWaitAndOnlyOneJourneyStarts() {
    Promise<ConsentStart> slow = Promise.promise();
    yapily.start = slow::future;

    Future<ApiResponse<Consent>> first = handler.createConsent(body("st-1"), "req-1", "key-1", caller(acme));
    JourneyFailure busy = refusal(handler.createConsent(body("st-1"), "req-2", "key-1", caller(acme)));
    slow.complete(new ConsentStart("pc-1", ConsentStatus.AWAITING_AUTHORIZATION, "https://bank.example/auth", null,
        null, Map.of()));

    assertThat(busy.reason()).isEqualTo(Reason.IDEMPOTENCY_IN_PROGRESS);
    assertThat(value(first).getStatusCode()).isEqualTo(201);
    assertThat(yapily.started).hasSize(1);
  }

  @Test
  void aFailedRequestReleasesItsKeySoTheClientMayRetryWithIt() {
    ProviderFailure down = new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE, "yapily", null, 503,
        "down"));
    yapily.start = () -> Future.failedFuture(down);

    assertThat(handler.createConsent(body("st-1"), "req-1", "key-1", caller(acme)).cause()).isSameAs(down);

    yapily.start = () -> Future.succeededFuture(new ConsentStart("pc-2", ConsentStatus.AWAITING_AUTHORIZATION,
        "https://bank.example/auth", null, null, Map.of()));
    ApiResponse<Consent> retried = value(handler.createConsent(body("st-1"), "req-2", "key-1", caller(acme)));

    assertThat(retried.getStatusCode()).isEqualTo(201);
    assertThat(retried.getHeaders()).doesNotContainKey(ConsentsHandler.IDEMPOTENT_REPLAYED);
    assertThat(yapily.started).hasSize(2);
  }

  private static CreateConsentRequest body(String state) {
    return new CreateConsentRequest("yapily:thistle", new ConsentUserInput("user-1", null),
        new LinkedHashSet<>(List.of("accounts", "balances")), URI.create(RETURN), state, null, null);
  }

  private static User caller(Tenant tenant) {
    return User.create(new JsonObject().put(ApiKeyAuthHandler.TENANT_ID, tenant.id()));
  }

  private static <T> T value(Future<T> future) {
    assertThat(future.isComplete()).as("completes without waiting").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed", future.cause());
    }
    return future.result();
  }

  private static JourneyFailure refusal(Future<?> future) {
    assertThat(future.failed()).as("refused").isTrue();
    assertThat(future.cause()).isInstanceOf(JourneyFailure.class);
    return (JourneyFailure) future.cause();
  }
}
