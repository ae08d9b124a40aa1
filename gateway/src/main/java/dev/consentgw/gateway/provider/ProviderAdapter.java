package dev.consentgw.gateway.provider;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The provider port: what every open-banking provider behind the gateway can do. One adapter per
 * provider implements it with that provider's generated client; everything provider-specific
 * (tokens, ids, status names, error shapes) stays inside the adapter. All methods are non-blocking
 * and fail their future with {@link ProviderFailure} for every upstream problem; a data read on a
 * consent the provider says has ended fails with {@link ProviderError.Kind#CONSENT_INACTIVE}.
 */
public interface ProviderAdapter {

  /** The provider id used in institution ids and callback paths, e.g. {@code wych}. */
  String id();

  /** The provider's whole institution catalogue, fetched from upstream (callers cache it). */
  Future<List<Institution>> listInstitutions();

  /** Starts a consent journey; the result carries the URL the end user's browser must visit. */
  Future<ConsentStart> startConsent(ConsentRequest request);

  /**
   * Completes the step of a journey that ended in the callback {@code params}: exchanges or
   * records what the provider sent back and tells where the journey stands now.
   *
   * @param nextCallbackUrl a fresh gateway callback URL (new one-time journey token) for providers
   *     whose journey needs another leg at the bank (Yapily pre-authorisation); ignored otherwise
   */
  Future<CallbackResult> completeCallback(ProviderConsentRef consent, CallbackParams params, String nextCallbackUrl);

  /**
   * Reads the consent's current state at the provider; {@link ConsentState#unconfirmed()} when the
   * provider's answer confirms nothing (an unverified operation answered 404).
   */
  Future<ConsentState> readConsent(ProviderConsentRef consent);

  /**
   * Revokes the consent at the provider. Revoking a consent the provider documents as gone succeeds;
   * fails with {@link ProviderError.Kind#NOT_FOUND} when the provider cannot confirm the revocation
   * (an unverified operation answered 404: the consent may still be live there).
   */
  Future<Void> revokeConsent(ProviderConsentRef consent);

  /**
   * Starts a renewal of an authorised consent at the bank: the same consent, a new authorisation
   * URL for the user. The user's return comes through the callback URL the consent's last
   * authorisation was started with. Fails with {@link ProviderError.Kind#UNSUPPORTED} where the
   * provider or the bank offers no renewal (the default).
   */
  default Future<ConsentStart> reauthoriseConsent(ProviderConsentRef consent) {
    return Future.failedFuture(unsupported("renewing a consent"));
  }

  /**
   * Records that the user reconfirmed the consent with the application at {@code confirmedAt}.
   * Fails with {@link ProviderError.Kind#UNSUPPORTED} where the provider or the consent's market has
   * no reconfirmation (the default).
   */
  default Future<ConsentReconfirmation> reconfirmConsent(ProviderConsentRef consent, Instant confirmedAt) {
    return Future.failedFuture(unsupported("reconfirming a consent"));
  }

  /** The failure for an operation this provider does not offer. */
  private ProviderFailure unsupported(String operation) {
    return new ProviderFailure(new ProviderError(ProviderError.Kind.UNSUPPORTED, id(), null, 0,
        id() + " does not offer " + operation + "."));
  }

  /** The accounts the consent grants access to. */
  Future<ProviderData<List<Account>>> listAccounts(ProviderConsentRef consent);

  /** One account of the consent; fails with {@link ProviderError.Kind#NOT_FOUND} when it has no such account. */
  Future<ProviderData<Account>> getAccount(ProviderConsentRef consent, String accountId);

  /** The balances of one account of the consent. */
  Future<ProviderData<List<Balance>>> listBalances(ProviderConsentRef consent, String accountId);

  /**
   * The transactions of one account of the consent within {@code window}, newest first: the
   * adapter pages through the provider's own scheme and stops at {@code window.max()}.
   */
  Future<ProviderData<List<Transaction>>> listTransactions(ProviderConsentRef consent, String accountId,
      TransactionWindow window);

  /** The holder of the consent's accounts. */
  Future<ProviderData<Identity>> identity(ProviderConsentRef consent);

  /**
   * For providers whose callback URL is fixed per application and cannot carry the gateway's
   * journey token (Wych), the provider consent id a callback refers to. Empty when the provider
   * carries the journey token in the callback URL.
   */
  default Optional<String> correlationId(CallbackParams params) {
    return Optional.empty();
  }

  /**
   * Whether the provider's callback URL is fixed per application (registered once), so that it
   * cannot carry the gateway's journey token: the gateway then binds each journey to the browser
   * that entered it.
   */
  default boolean fixedCallbackUrl() {
    return false;
  }
}
