package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.JourneyOnlyProvider;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentReconfirmation;
import dev.consentgw.gateway.provider.ConsentRequest;
import dev.consentgw.gateway.provider.ConsentStart;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderAdapter;
import dev.consentgw.gateway.provider.ProviderConsentRef;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A provider adapter that answers what the test tells it to and remembers what it was asked; no
 * network. {@code correlationParam}, when set, makes it correlate callbacks by that parameter (as
 * Wych does) instead of by the gateway's journey token.
 */
public final class FakeProvider extends JourneyOnlyProvider {

  public final String id;
  public final String correlationParam;
  public volatile Supplier<Future<List<Institution>>> institutions;
  public volatile Supplier<Future<ConsentStart>> start;
  public volatile Supplier<Future<CallbackResult>> callback;
  public volatile Supplier<Future<ConsentState>> read;
  public volatile Supplier<Future<Void>> revoke = Future::succeededFuture;
  /** Null: the port's default (not offered). */
  public volatile Supplier<Future<ConsentStart>> reauthorise;
  /** Null: the port's default (not offered). */
  public volatile Supplier<Future<ConsentReconfirmation>> reconfirm;

  public final List<ConsentRequest> started = new CopyOnWriteArrayList<>();
  public final List<ProviderConsentRef> callbacks = new CopyOnWriteArrayList<>();
  public final List<String> nextCallbackUrls = new CopyOnWriteArrayList<>();
  public final List<ProviderConsentRef> reads = new CopyOnWriteArrayList<>();
  public final List<ProviderConsentRef> revokes = new CopyOnWriteArrayList<>();
  public final List<ProviderConsentRef> reauthorisations = new CopyOnWriteArrayList<>();
  public final List<Instant> reconfirmations = new CopyOnWriteArrayList<>();
  public int listCalls;

  public FakeProvider(String id, String correlationParam, List<Institution> catalogue) {
    this.id = id;
    this.correlationParam = correlationParam;
    this.institutions = () -> Future.succeededFuture(catalogue);
  }

  public static Institution institution(String provider, String id, String name, boolean connectable,
      Set<Permission> permissions) {
    return new Institution(provider, id, name, name + " plc", List.of("GB"), null, permissions, connectable,
        Environment.SANDBOX, Map.of());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized Future<List<Institution>> listInstitutions() {
    listCalls++;
    return institutions.get();
  }

  @Override
  public Future<ConsentStart> startConsent(ConsentRequest request) {
    started.add(request);
    return start.get();
  }

  @Override
  public Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params,
      String nextCallbackUrl) {
    callbacks.add(consent);
    nextCallbackUrls.add(nextCallbackUrl);
    return callback.get();
  }

  @Override
  public Future<ConsentState> readConsent(ProviderConsentRef consent) {
    reads.add(consent);
    return read.get();
  }

  @Override
  public Future<Void> revokeConsent(ProviderConsentRef consent) {
    revokes.add(consent);
    return revoke.get();
  }

  @Override
  public Future<ConsentStart> reauthoriseConsent(ProviderConsentRef consent) {
    reauthorisations.add(consent);
    return reauthorise == null ? super.reauthoriseConsent(consent) : reauthorise.get();
  }

  @Override
  public Future<ConsentReconfirmation> reconfirmConsent(ProviderConsentRef consent, Instant confirmedAt) {
    reconfirmations.add(confirmedAt);
    return reconfirm == null ? super.reconfirmConsent(consent, confirmedAt) : reconfirm.get();
  }

  @Override
  public Optional<String> correlationId(CallbackParams params) {
    return correlationParam == null ? Optional.empty() : params.get(correlationParam);
  }

  /** A provider that correlates callbacks by its own id does so because its callback URL is fixed. */
  @Override
  public boolean fixedCallbackUrl() {
    return correlationParam != null;
  }
}
