package dev.consentgw.gateway.provider;

import io.vertx.core.Future;

import java.util.List;

/** A base for test fakes of the consent journey: every data read fails, as a provider without data would. */
public abstract class JourneyOnlyProvider implements ProviderAdapter {

  @Override
  public Future<ProviderData<List<Account>>> listAccounts(ProviderConsentRef consent) {
    return noData();
  }

  @Override
  public Future<ProviderData<Account>> getAccount(ProviderConsentRef consent, String accountId) {
    return noData();
  }

  @Override
  public Future<ProviderData<List<Balance>>> listBalances(ProviderConsentRef consent, String accountId) {
    return noData();
  }

  @Override
  public Future<ProviderData<List<Transaction>>> listTransactions(ProviderConsentRef consent, String accountId,
      TransactionWindow window) {
    return noData();
  }

  @Override
  public Future<ProviderData<Identity>> identity(ProviderConsentRef consent) {
    return noData();
  }

  private static <T> Future<T> noData() {
    return Future.failedFuture(new UnsupportedOperationException("this fake provider serves no data"));
  }
}
