package dev.consentgw.gateway.catalogue;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.JourneyOnlyProvider;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue cache on its own: providers answer when the test says so (promises), the clock is
 * moved by hand. Asserts what callers see (status, institutions, refresh time) and how often each
 * provider was asked.
 */
class InstitutionCatalogueTest {

  private static final Duration FRESH_FOR = Duration.ofMinutes(10);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Provider yapily = new Provider("yapily");
  private final Provider wych = new Provider("wych");
  private final InstitutionCatalogue catalogue = new InstitutionCatalogue(List.of(yapily, wych),
      new CatalogueOptions(FRESH_FOR, RETRY_AFTER_FAILURE), clock);

  @Test
  void aFirstRequestWaitsForTheFetchAndSeesTheInstitutionsSortedByName() {
    Future<ProviderCatalogue> part = catalogue.provider("yapily");
    assertThat(part.isComplete()).isFalse();

    yapily.answer(bank("yapily", "z", "zebra Bank"), bank("yapily", "a", "Aardvark"), bank("yapily", "m", "Mole"));

    ProviderCatalogue fresh = part.result();
    assertThat(fresh.status()).isEqualTo(CatalogueStatus.FRESH);
    assertThat(fresh.provider()).isEqualTo("yapily");
    assertThat(fresh.refreshedAt()).isEqualTo(clock.instant());
    assertThat(fresh.institutions()).extracting(Institution::name).containsExactly("Aardvark", "Mole", "zebra Bank");
    assertThat(fresh.find("m")).get().extracting(Institution::name).isEqualTo("Mole");
    assertThat(fresh.find("nope")).isEmpty();
    assertThat(fresh.unavailableBecause()).isNull();
  }

  @Test
  void concurrentRequestsShareOneFetch() {
    Future<ProviderCatalogue> first = catalogue.provider("yapily");
    Future<ProviderCatalogue> second = catalogue.provider("yapily");
    catalogue.warmUp();

    assertThat(yapily.calls()).isEqualTo(1);
    assertThat(wych.calls()).as("warm-up asks every provider").isEqualTo(1);
    yapily.answer(bank("yapily", "a", "A"));

    assertThat(first.result().institutions()).hasSize(1);
    assertThat(second.result().institutions()).hasSize(1);

    clock.advance(FRESH_FOR);
    catalogue.provider("yapily");
    assertThat(yapily.calls()).as("once the fetch ended a new one may start").isEqualTo(2);
  }

  @Test
  void aCatalogueIsFreshUntilFreshForThenServedStaleWhileOneRefreshRuns() {
    catalogue.provider("yapily");
    yapily.answer(bank("yapily", "a", "Old"));
    Instant fetched = clock.instant();

    clock.advance(FRESH_FOR.minusMillis(1));
    assertThat(catalogue.provider("yapily").result().status()).isEqualTo(CatalogueStatus.FRESH);
    assertThat(yapily.calls()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    ProviderCatalogue stale = catalogue.provider("yapily").result();
    assertThat(stale.status()).isEqualTo(CatalogueStatus.STALE);
    assertThat(stale.institutions()).extracting(Institution::name).containsExactly("Old");
    assertThat(stale.refreshedAt()).isEqualTo(fetched);
    catalogue.provider("yapily");
    assertThat(yapily.calls()).as("one background refresh for both stale reads").isEqualTo(2);

    yapily.answer(bank("yapily", "b", "New"));
    ProviderCatalogue renewed = catalogue.provider("yapily").result();
    assertThat(renewed.status()).isEqualTo(CatalogueStatus.FRESH);
    assertThat(renewed.institutions()).extracting(Institution::name).containsExactly("New");
    assertThat(renewed.refreshedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aFailedRefreshKeepsTheLastGoodCatalogueAndPausesBeforeAskingAgain() {
    catalogue.provider("yapily");
    yapily.answer(bank("yapily", "a", "Kept"));
    clock.advance(FRESH_FOR);
    catalogue.provider("yapily");
    yapily.fail();
    assertThat(yapily.calls()).isEqualTo(2);

    clock.advance(RETRY_AFTER_FAILURE.minusMillis(1));
    ProviderCatalogue stale = catalogue.provider("yapily").result();
    assertThat(stale.status()).isEqualTo(CatalogueStatus.STALE);
    assertThat(stale.institutions()).extracting(Institution::name).containsExactly("Kept");
    assertThat(yapily.calls()).as("paused after the failure").isEqualTo(2);

    clock.advance(Duration.ofMillis(1));
    catalogue.provider("yapily");
    assertThat(yapily.calls()).isEqualTo(3);
  }

  @Test
  void aProviderWithNoCatalogueYetIsUnavailableAndSaysHowLongUntilItIsAskedAgain() {
    Future<ProviderCatalogue> first = catalogue.provider("yapily");
    ProviderFailure down = yapily.fail();

    ProviderCatalogue failed = first.result();
    assertThat(failed.status()).isEqualTo(CatalogueStatus.UNAVAILABLE);
    assertThat(failed.institutions()).isEmpty();
    assertThat(failed.refreshedAt()).isNull();
    assertThat(failed.unavailableBecause()).isSameAs(down);
    assertThat(failed.failure()).isSameAs(down);

    clock.advance(Duration.ofSeconds(10));
    ProviderCatalogue paused = catalogue.provider("yapily").result();
    assertThat(paused.status()).isEqualTo(CatalogueStatus.UNAVAILABLE);
    assertThat(paused.unavailableBecause().retryAfter()).contains(RETRY_AFTER_FAILURE.minusSeconds(10));
    assertThat(paused.unavailableBecause().error().kind()).isEqualTo(ProviderError.Kind.UNAVAILABLE);
    assertThat(paused.unavailableBecause().error().provider()).isEqualTo("yapily");
    assertThat(yapily.calls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(20));
    Future<ProviderCatalogue> retried = catalogue.provider("yapily");
    assertThat(yapily.calls()).as("the pause is over").isEqualTo(2);
    yapily.answer(bank("yapily", "a", "Back"));
    assertThat(retried.result().status()).isEqualTo(CatalogueStatus.FRESH);
  }

  /** The clock may jump past the end of the pause (a busy loop, a slow request): asked again all the same. */
  @Test
  void aPauseTheClockOvershotIsOver() {
    Future<ProviderCatalogue> first = catalogue.provider("yapily");
    yapily.fail();
    assertThat(first.result().status()).isEqualTo(CatalogueStatus.UNAVAILABLE);

    clock.advance(RETRY_AFTER_FAILURE.plusSeconds(7));
    Future<ProviderCatalogue> again = catalogue.provider("yapily");

    assertThat(yapily.calls()).isEqualTo(2);
    yapily.answer(bank("yapily", "a", "Back"));
    assertThat(again.result().status()).isEqualTo(CatalogueStatus.FRESH);

    clock.advance(FRESH_FOR);
    catalogue.provider("yapily");
    yapily.fail();
    clock.advance(RETRY_AFTER_FAILURE.plusMinutes(5));
    ProviderCatalogue stale = catalogue.provider("yapily").result();
    assertThat(stale.status()).isEqualTo(CatalogueStatus.STALE);
    assertThat(yapily.calls()).as("a stale copy is refreshed once the overshot pause is over").isEqualTo(4);
  }

  @Test
  void aFailureThatIsNotTheProvidersLeavesThePartUnavailableWithoutAReason() {
    Future<ProviderCatalogue> first = catalogue.provider("yapily");
    yapily.pending.fail(new IllegalStateException("bug"));

    ProviderCatalogue part = first.result();
    assertThat(part.status()).isEqualTo(CatalogueStatus.UNAVAILABLE);
    assertThat(part.unavailableBecause()).isNull();
    assertThat(part.failure().error().kind()).isEqualTo(ProviderError.Kind.UNAVAILABLE);
    assertThat(part.failure().error().provider()).isEqualTo("yapily");
    assertThat(part.failure().retryAfter()).isEmpty();
  }

  @Test
  void whileAPausedProviderIsBeingAskedAgainCallersWaitForThatFetch() {
    catalogue.provider("yapily");
    yapily.fail();
    clock.advance(RETRY_AFTER_FAILURE);
    Future<ProviderCatalogue> first = catalogue.provider("yapily");
    assertThat(yapily.calls()).isEqualTo(2);

    Future<ProviderCatalogue> second = catalogue.provider("yapily");
    assertThat(second.isComplete()).as("waits for the fetch in flight").isFalse();
    yapily.answer(bank("yapily", "a", "A"));

    assertThat(first.result().status()).isEqualTo(CatalogueStatus.FRESH);
    assertThat(second.result().status()).isEqualTo(CatalogueStatus.FRESH);
  }

  @Test
  void anUnknownProviderIsUnavailable() {
    ProviderCatalogue part = catalogue.provider("nobody").result();

    assertThat(part.status()).isEqualTo(CatalogueStatus.UNAVAILABLE);
    assertThat(part.provider()).isEqualTo("nobody");
    assertThat(part.institutions()).isEmpty();
  }

  @Test
  void providersAnswerInTheOrderAskedAndTheIdsAreAllKnownProviders() {
    Future<List<ProviderCatalogue>> parts = catalogue.providers(List.of("wych", "yapily"));
    yapily.answer(bank("yapily", "a", "A"));
    wych.answer(bank("wych", "b", "B"));

    assertThat(parts.result()).extracting(ProviderCatalogue::provider).containsExactly("wych", "yapily");
    assertThat(catalogue.providerIds()).containsExactly("yapily", "wych");
  }

  @Test
  void theMergedListIsOrderedByNameAcrossProvidersWhateverOrderTheyAnsweredIn() {
    Future<List<ProviderCatalogue>> parts = catalogue.providers(List.of("yapily", "wych"));
    yapily.answer(bank("yapily", "1", "delta"), bank("yapily", "2", "Alpha"), bank("yapily", "3", "Echo"));
    wych.answer(bank("wych", "1", "foxtrot"), bank("wych", "2", "Charlie"), bank("wych", "3", "Bravo"),
        bank("wych", "4", "alpha"));

    List<String> names = new ArrayList<>();
    InstitutionCatalogue.merged(parts.result()).forEach(i -> names.add(i.name()));

    assertThat(names).containsExactly("alpha", "Alpha", "Bravo", "Charlie", "delta", "Echo", "foxtrot");
  }

  @Test
  void sameNamesAreOrderedById() {
    Future<List<ProviderCatalogue>> parts = catalogue.providers(List.of("yapily", "wych"));
    yapily.answer(bank("yapily", "b", "Same"), bank("yapily", "a", "Same"));
    wych.answer(bank("wych", "a", "Same"));

    List<String> ids = new ArrayList<>();
    InstitutionCatalogue.merged(parts.result()).forEach(i -> ids.add(i.id()));

    assertThat(ids).containsExactly("wych:a", "yapily:a", "yapily:b");
  }

  @Test
  void theMergedIteratorEndsCleanly() {
    Future<List<ProviderCatalogue>> parts = catalogue.providers(List.of("yapily", "wych"));
    yapily.answer(bank("yapily", "a", "A"));
    wych.answer();

    Iterator<Institution> merged = InstitutionCatalogue.merged(parts.result()).iterator();
    assertThat(merged.hasNext()).isTrue();
    assertThat(merged.next().name()).isEqualTo("A");
    assertThat(merged.hasNext()).isFalse();
    assertThatThrownBy(merged::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aDuplicateIdKeepsTheFirstInNameOrder() {
    Future<ProviderCatalogue> part = catalogue.provider("yapily");
    yapily.answer(bank("yapily", "x", "Later"), bank("yapily", "x", "Earlier"));

    assertThat(part.result().find("x")).get().extracting(Institution::name).isEqualTo("Earlier");
  }

  // ---- helpers

  private static Institution bank(String provider, String id, String name) {
    return new Institution(provider, id, name, name, List.of("GB"), null, Set.of(Permission.ACCOUNTS), true,
        Environment.SANDBOX, Map.of());
  }

  /** A provider whose catalogue fetch completes when the test says. */
  private static final class Provider extends JourneyOnlyProvider {
    private final String id;
    private int calls;
    Promise<List<Institution>> pending;

    Provider(String id) {
      this.id = id;
    }

    int calls() {
      return calls;
    }

    void answer(Institution... institutions) {
      pending.complete(List.of(institutions));
    }

    ProviderFailure fail() {
      ProviderFailure failure = new ProviderFailure(new ProviderError(ProviderError.Kind.UNAVAILABLE, id, null, 503,
          "down"));
      pending.fail(failure);
      return failure;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Future<List<Institution>> listInstitutions() {
      calls++;
      pending = Promise.promise();
      return pending.future();
    }

    @Override
    public Future<ConsentStart> startConsent(ConsentRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params,
        String nextCallbackUrl) {
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
