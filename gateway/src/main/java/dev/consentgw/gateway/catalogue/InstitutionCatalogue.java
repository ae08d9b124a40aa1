package dev.consentgw.gateway.catalogue;

import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The institution catalogues of all providers, cached. A catalogue older than {@code freshFor} is
 * served as it is (stale) while one background refresh runs; a provider that fails keeps its last
 * good catalogue, and one with none is reported unavailable — the merged list never fails.
 * Refreshes are single-flight per provider.
 */
public final class InstitutionCatalogue {

  private static final Logger LOG = LoggerFactory.getLogger(InstitutionCatalogue.class);
  private static final Comparator<Institution> BY_NAME =
      Comparator.comparing((Institution i) -> i.name().toLowerCase()).thenComparing(Institution::id);

  private record Snapshot(List<Institution> institutions, Map<String, Institution> byId, Instant fetchedAt) {
  }

  private final class Slot {
    final ProviderAdapter adapter;
    volatile Snapshot snapshot;
    volatile Instant lastFailureAt;
    Future<Snapshot> inFlight;

    Slot(ProviderAdapter adapter) {
      this.adapter = adapter;
    }
  }

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final CatalogueOptions options;
  private final Clock clock;

  public InstitutionCatalogue(Collection<ProviderAdapter> adapters, CatalogueOptions options, Clock clock) {
    adapters.forEach(a -> slots.put(a.id(), new Slot(a)));
    this.options = options;
    this.clock = clock;
  }

  /** Starts fetching every provider's catalogue without waiting (warm-up at start). */
  public void warmUp() {
    slots.values().forEach(this::refresh);
  }

  /** One provider's catalogue: waits for a first fetch if there is no copy yet. */
  public Future<ProviderCatalogue> provider(String provider) {
    Slot slot = slots.get(provider);
    if (slot == null) {
      return Future.succeededFuture(new ProviderCatalogue(provider, CatalogueStatus.UNAVAILABLE, null, List.of(), Map.of(),
          null));
    }
    Snapshot current = slot.snapshot;
    Instant now = clock.instant();
    Duration pause = pauseLeft(slot, now);
    if (current != null) {
      boolean fresh = current.fetchedAt().plus(options.freshFor()).isAfter(now);
      if (!fresh && pause.isZero()) {
        refresh(slot);
      }
      return Future.succeededFuture(view(slot, current, fresh ? CatalogueStatus.FRESH : CatalogueStatus.STALE));
    }
    if (!pause.isZero() && slot.inFlight == null) {
      return Future.succeededFuture(unavailable(slot, paused(slot, pause)));
    }
    return refresh(slot)
        .map(s -> view(slot, s, CatalogueStatus.FRESH))
        .otherwise(e -> unavailable(slot, e instanceof ProviderFailure failure ? failure : null));
  }

  /** The catalogues of the given providers, in the order given. */
  public Future<List<ProviderCatalogue>> providers(Collection<String> providers) {
    List<Future<ProviderCatalogue>> parts = providers.stream().map(this::provider).toList();
    return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
  }

  /** Every known provider id. */
  public List<String> providerIds() {
    return List.copyOf(slots.keySet());
  }

  /**
   * The catalogues as one sequence ordered by name. Each provider's list is already sorted, so this
   * merges lazily: a page near the start touches only the institutions before it, with no copy or
   * sort of the whole catalogue per request.
   */
  public static Iterable<Institution> merged(List<ProviderCatalogue> parts) {
    return () -> new Iterator<>() {
      private final int[] next = new int[parts.size()];

      @Override
      public boolean hasNext() {
        return smallest() >= 0;
      }

      @Override
      public Institution next() {
        int part = smallest();
        if (part < 0) {
          throw new NoSuchElementException();
        }
        return parts.get(part).institutions().get(next[part]++);
      }

      private int smallest() {
        int best = -1;
        for (int i = 0; i < next.length; i++) {
          List<Institution> list = parts.get(i).institutions();
          if (next[i] < list.size() && (best < 0
              || BY_NAME.compare(list.get(next[i]), parts.get(best).institutions().get(next[best])) < 0)) {
            best = i;
          }
        }
        return best;
      }
    };
  }

  /** How long until the provider may be asked again after its last failure; zero when it may now. */
  private Duration pauseLeft(Slot slot, Instant now) {
    Instant failed = slot.lastFailureAt;
    if (failed == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, failed.plus(options.retryAfterFailure()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Nothing is asked upstream until the pause after the last failure ends: a caller is told so,
   * like a call an open circuit breaker refuses, with the time left.
   */
  private static ProviderFailure paused(Slot slot, Duration left) {
    return ProviderFailure.refused(new ProviderError(ProviderError.Kind.UNAVAILABLE, slot.adapter.id(), null, 0,
        "The provider's institution catalogue is unavailable after a recent failure."), left);
  }

  private ProviderCatalogue unavailable(Slot slot, ProviderFailure because) {
    return new ProviderCatalogue(slot.adapter.id(), CatalogueStatus.UNAVAILABLE, null, List.of(), Map.of(), because);
  }

  private ProviderCatalogue view(Slot slot, Snapshot snapshot, CatalogueStatus status) {
    if (snapshot == null) {
      return unavailable(slot, null);
    }
    return new ProviderCatalogue(slot.adapter.id(), status, snapshot.fetchedAt(), snapshot.institutions(), snapshot.byId(),
        null);
  }

  private synchronized Future<Snapshot> refresh(Slot slot) {
    if (slot.inFlight != null) {
      return slot.inFlight;
    }
    Promise<Snapshot> promise = Promise.promise();
    slot.inFlight = promise.future();
    slot.adapter.listInstitutions()
        .map(list -> {
          List<Institution> sorted = new ArrayList<>(list);
          sorted.sort(BY_NAME);
          Map<String, Institution> byId = sorted.stream()
              .collect(Collectors.toMap(Institution::providerInstitutionId, Function.identity(), (a, b) -> a));
          return new Snapshot(List.copyOf(sorted), Map.copyOf(byId), clock.instant());
        })
        .onComplete(result -> {
          synchronized (this) {
            slot.inFlight = null;
          }
          if (result.succeeded()) {
            slot.snapshot = result.result();
            slot.lastFailureAt = null;
            LOG.debug("catalogue of {} refreshed: {} institutions", slot.adapter.id(), result.result().institutions().size());
            promise.complete(result.result());
          } else {
            slot.lastFailureAt = clock.instant();
            LOG.warn("catalogue of {} could not be refreshed: {}", slot.adapter.id(), result.cause().getMessage());
            promise.fail(result.cause());
          }
        });
    return promise.future();
  }
}
