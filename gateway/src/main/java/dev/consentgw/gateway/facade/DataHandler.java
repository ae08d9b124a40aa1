package dev.consentgw.gateway.facade;

import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.DataApi;
import dev.consentgw.facade.model.AccountList;
import dev.consentgw.facade.model.AccountResult;
import dev.consentgw.facade.model.BalanceList;
import dev.consentgw.facade.model.IdentityResult;
import dev.consentgw.facade.model.TransactionPage;
import dev.consentgw.gateway.journey.ConsentDataAccess;
import dev.consentgw.gateway.journey.TransactionQuery;
import dev.consentgw.gateway.provider.Transaction;
import dev.consentgw.gateway.security.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.ext.auth.User;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /v1/consents/{consentId}/accounts/**} and {@code /identity}: the consent's data. Owns the
 * HTTP side of transaction paging: the cursor is the position of the last transaction sent, bound
 * to the request's filters.
 */
public final class DataHandler implements DataApi {

  private static final int DEFAULT_LIMIT = 50;
  private static final int POSITION_PARTS = 2;

  private final ConsentDataAccess data;
  private final TenantRegistry tenants;

  public DataHandler(ConsentDataAccess data, TenantRegistry tenants) {
    this.data = data;
    this.tenants = tenants;
  }

  @Override
  public Future<ApiResponse<AccountList>> listAccounts(String consentId, String xRequestId, User caller) {
    return data.accounts(tenants.of(caller), consentId).map(view -> {
      AccountList result = new AccountList();
      result.setData(view.data().stream().map(DataMapper::account).toList());
      result.setMeta(DataMapper.meta(view));
      return ApiResponse.ok(result);
    });
  }

  @Override
  public Future<ApiResponse<AccountResult>> getAccount(String consentId, String accountId, String xRequestId,
      User caller) {
    return data.account(tenants.of(caller), consentId, accountId).map(view -> {
      AccountResult result = new AccountResult();
      result.setData(DataMapper.account(view.data()));
      result.setMeta(DataMapper.meta(view));
      return ApiResponse.ok(result);
    });
  }

  @Override
  public Future<ApiResponse<BalanceList>> listBalances(String consentId, String accountId, String xRequestId,
      User caller) {
    return data.balances(tenants.of(caller), consentId, accountId).map(view -> {
      BalanceList result = new BalanceList();
      result.setData(view.data().stream().map(DataMapper::balance).toList());
      result.setMeta(DataMapper.meta(view));
      return ApiResponse.ok(result);
    });
  }

  @Override
  public Future<ApiResponse<TransactionPage>> listTransactions(String consentId, String accountId, String xRequestId,
      LocalDate from, LocalDate to, String status, Integer limit, String cursor, User caller) {
    String filters = consentId + "|" + accountId + "|" + from + "|" + to + "|" + status;
    TransactionQuery.Position after = position(cursor, filters);
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    Boolean pending = status == null ? null : "pending".equals(status);
    TransactionQuery query = new TransactionQuery(from, to, pending, pageSize, after);
    return data.transactions(tenants.of(caller), consentId, accountId, query).map(view -> {
      TransactionPage page = new TransactionPage();
      List<Transaction> items = view.data().items();
      page.setData(items.stream().map(DataMapper::transaction).toList());
      if (view.data().more() && !items.isEmpty()) {
        Transaction last = items.get(items.size() - 1);
        page.setNextCursor(PageCursor.encodePosition(List.of(last.bookedAt().toString(), last.id()), filters));
      }
      page.setMeta(DataMapper.meta(view));
      return ApiResponse.ok(page);
    });
  }

  @Override
  public Future<ApiResponse<IdentityResult>> getIdentity(String consentId, String xRequestId, User caller) {
    return data.identity(tenants.of(caller), consentId).map(view -> {
      IdentityResult result = new IdentityResult();
      result.setData(DataMapper.identity(view.data()));
      result.setMeta(DataMapper.meta(view));
      return ApiResponse.ok(result);
    });
  }

  private static TransactionQuery.Position position(String cursor, String filters) {
    List<String> parts = PageCursor.decodePosition(cursor, filters, POSITION_PARTS);
    if (parts.isEmpty()) {
      return null;
    }
    try {
      return new TransactionQuery.Position(Instant.parse(parts.get(0)), parts.get(1));
    } catch (DateTimeParseException e) {
      throw PageCursor.invalidCursor();
    }
  }
}
