package dev.consentgw.gateway.store.impl;

import dev.consentgw.gateway.store.ConsentRecord;
import dev.consentgw.gateway.store.ConsentStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The embedded consent registry. Secondary indexes (journey token hash, provider consent id) are
 * maintained under the same per-consent update so lookups never see a half-applied change.
 */
public final class InMemoryConsentStore implements ConsentStore {

  private final Map<String, ConsentRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByJourneyHash = new ConcurrentHashMap<>();
  private final Map<String, String> idByProviderConsent = new ConcurrentHashMap<>();
  private final Map<String, List<String>> idsByUser = new ConcurrentHashMap<>();

  @Override
  public Future<Void> insert(ConsentRecord record) {
    if (byId.putIfAbsent(record.id(), record) != null) {
      return Future.failedFuture(new IllegalStateException("consent " + record.id() + " exists"));
    }
    index(null, record);
    idsByUser.compute(userKey(record.tenantId(), record.userReference()), (k, ids) -> {
      List<String> copy = ids == null ? new ArrayList<>() : new ArrayList<>(ids);
      copy.add(record.id());
      return List.copyOf(copy);
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<ConsentRecord>> get(String consentId) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(consentId)));
  }

  @Override
  public Future<Optional<ConsentRecord>> update(String consentId, UnaryOperator<ConsentRecord> change) {
    ConsentRecord after = byId.computeIfPresent(consentId, (id, current) -> {
      ConsentRecord next = change.apply(current);
      index(current, next);
      return next;
    });
    return Future.succeededFuture(Optional.ofNullable(after));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByJourneyTokenHash(String tokenHash) {
    return Future.succeededFuture(Optional.ofNullable(idByJourneyHash.get(tokenHash)).map(byId::get));
  }

  @Override
  public Future<Optional<ConsentRecord>> findByProviderConsentId(String provider, String providerConsentId) {
    return Future.succeededFuture(
        Optional.ofNullable(idByProviderConsent.get(provider + "\u0000" + providerConsentId)).map(byId::get));
  }

  @Override
  public Future<List<ConsentRecord>> listByUser(String tenantId, String userReference) {
    List<ConsentRecord> records = idsByUser.getOrDefault(userKey(tenantId, userReference), List.of()).stream()
        .map(byId::get)
        .sorted(Comparator.comparing(ConsentRecord::createdAt).thenComparing(ConsentRecord::id).reversed())
        .toList();
    return Future.succeededFuture(records);
  }

  private void index(ConsentRecord before, ConsentRecord after) {
    if (before != null && before.journeyTokenHash() != null
        && !before.journeyTokenHash().equals(after.journeyTokenHash())) {
      idByJourneyHash.remove(before.journeyTokenHash());
    }
    if (after.journeyTokenHash() != null) {
      idByJourneyHash.put(after.journeyTokenHash(), after.id());
    }
    if (after.providerConsentId() != null) {
      idByProviderConsent.put(after.provider() + "\u0000" + after.providerConsentId(), after.id());
    }
  }

  private static String userKey(String tenantId, String userReference) {
    return tenantId + "\u0000" + userReference;
  }
}
