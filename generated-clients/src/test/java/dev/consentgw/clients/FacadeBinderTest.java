package dev.consentgw.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.CallbacksApi;
import dev.consentgw.facade.api.CallbacksApiHandler;
import dev.consentgw.facade.api.ConsentsApi;
import dev.consentgw.facade.api.ConsentsApiHandler;
import dev.consentgw.facade.api.DataApi;
import dev.consentgw.facade.api.DataApiHandler;
import dev.consentgw.facade.api.EventsApi;
import dev.consentgw.facade.api.EventsApiHandler;
import dev.consentgw.facade.api.InstitutionsApi;
import dev.consentgw.facade.api.InstitutionsApiHandler;
import dev.consentgw.facade.model.AccountList;
import dev.consentgw.facade.model.AccountResult;
import dev.consentgw.facade.model.BalanceList;
import dev.consentgw.facade.model.Consent;
import dev.consentgw.facade.model.IdentityResult;
import dev.consentgw.facade.model.TransactionPage;
import dev.consentgw.facade.model.ConsentPage;
import dev.consentgw.facade.model.ConsentUser;
import dev.consentgw.facade.model.CreateConsentRequest;
import dev.consentgw.facade.model.CreateReauthorisationRequest;
import dev.consentgw.facade.model.CreateReconfirmationRequest;
import dev.consentgw.facade.model.Reconfirmation;
import dev.consentgw.facade.model.Institution;
import dev.consentgw.facade.model.InstitutionPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated binders mount implementations onto a Vert.x 5 RouterBuilder by operationId,
 * hand them the validated inputs as typed values, and write their responses (status, headers,
 * JSON with java.time). Security is switched off here: the gateway supplies its own handler.
 */
class FacadeBinderTest {

  /** Bytes a handler serialised itself (e.g. a cached page): spacing kept, so a re-serialisation would show. */
  private static final io.vertx.core.buffer.Buffer SERIALIZED_INSTITUTION =
      io.vertx.core.buffer.Buffer.buffer("{ \"id\" : \"yapily:thistle-sandbox\" }");

  // Sets keep the client's order (Jackson's default Set is a HashSet).
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule().addAbstractTypeMapping(Set.class, LinkedHashSet.class))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final List<String> CALLS = new CopyOnWriteArrayList<>();
  private static Vertx vertx;
  private static HttpServer server;
  private static RouterBuilder builder;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    OpenAPIContract contract = OpenAPIContract.from(vertx, ContractFiles.loadForRouter("facade.yaml"))
        .await(30, TimeUnit.SECONDS);
    builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false));
    new InstitutionsApiHandler(new RecordingInstitutions(), JSON).mount(builder);
    new ConsentsApiHandler(new RecordingConsents(), JSON).mount(builder);
    new CallbacksApiHandler(new RecordingCallbacks(), JSON).mount(builder);
    new DataApiHandler(new RecordingData(), JSON).mount(builder);
    new EventsApiHandler(new RecordingEvents(), JSON).mount(builder);
    builder.getRoutes().forEach(r -> r.setDoSecurity(false));
    Router router = builder.createRouter();
    router.route().failureHandler(rc -> rc.response().setStatusCode(rc.statusCode())
        .end(String.valueOf(rc.failure())));
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyContractOperationHasAHandler() {
    Set<String> contractOps = builder.getRoutes().stream()
        .map(r -> r.getOperation().getOperationId()).collect(Collectors.toSet());
    Set<String> bound = Stream.of(InstitutionsApiHandler.OPERATION_IDS, ConsentsApiHandler.OPERATION_IDS,
        CallbacksApiHandler.OPERATION_IDS, DataApiHandler.OPERATION_IDS, EventsApiHandler.OPERATION_IDS).flatMap(List::stream).collect(Collectors.toSet());

    assertThat(bound).isEqualTo(contractOps);
    assertThat(builder.getRoutes()).allSatisfy(r -> assertThat(r.getHandlers()).as(r.getOperation().getOperationId())
        .isNotEmpty());
  }

  @Test
  void dispatchesTypedParametersAndWritesJsonWithDates() throws Exception {
    HttpResponse<?> response = send(HttpMethod.GET, "/v1/consents/cns_4Wq9ZkT2mX7bP1sV8yLd", null, "req-1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("id")).isEqualTo("cns_4Wq9ZkT2mX7bP1sV8yLd");
    assertThat(body.getString("createdAt")).isEqualTo("2025-06-03T09:15:22Z");
    assertThat(CALLS).contains("getConsent cns_4Wq9ZkT2mX7bP1sV8yLd req-1");
  }

  @Test
  void convertsTheBodyAndAppliesQueryDefaults() throws Exception {
    JsonObject request = new JsonObject()
        .put("institutionId", "yapily:modelo-sandbox")
        .put("user", new JsonObject().put("reference", "user-1"))
        .put("permissions", List.of("accounts", "balances"))
        .put("redirectUrl", "https://fintech.example/return")
        .put("transactionsFrom", "2024-06-01");

    HttpResponse<?> created = send(HttpMethod.POST, "/v1/consents", request, null);
    HttpResponse<?> listed = send(HttpMethod.GET, "/v1/users/user-1/consents", null, null);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/v1/consents/cns_4Wq9ZkT2mX7bP1sV8yLd");
    assertThat(CALLS).contains("createConsent yapily:modelo-sandbox [accounts, balances] 2024-06-01");
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(CALLS).contains("listUserConsents user-1 limit=50");
  }

  @Test
  void invalidInputNeverReachesTheImplementation() throws Exception {
    int before = CALLS.size();

    HttpResponse<?> response = send(HttpMethod.GET, "/v1/institutions?limit=0", null, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(CALLS).hasSize(before);
  }

  @Test
  void anAlreadySerializedBodyIsWrittenAsItIsWithItsHeaders() throws Exception {
    HttpResponse<?> response = send(HttpMethod.GET, "/v1/institutions/yapily:thistle-sandbox", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.bodyAsBuffer().getBytes()).isEqualTo(SERIALIZED_INSTITUTION.getBytes());
  }

  @Test
  void emptyResponsesKeepStatusAndHeaders() throws Exception {
    HttpResponse<?> revoked = send(HttpMethod.DELETE, "/v1/consents/cns_4Wq9ZkT2mX7bP1sV8yLd", null, null);
    HttpResponse<?> callback = client.get(server.actualPort(), "localhost", "/v1/callbacks/yapily?journey=abcdefghijklmnopqrstuvwx")
        .followRedirects(false).send().await(10, TimeUnit.SECONDS);

    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(callback.statusCode()).isEqualTo(303);
    assertThat(callback.getHeader("Location")).isEqualTo("https://fintech.example/return?status=authorized");
  }

  @Test
  void cookieParametersReachTheImplementation() throws Exception {
    HttpResponse<?> callback = client.get(server.actualPort(), "localhost", "/v1/callbacks/wych?connection=c1")
        .putHeader("Cookie", "other=1; cgw_journey=bound-value").followRedirects(false).send()
        .await(10, TimeUnit.SECONDS);
    HttpResponse<?> without = client.get(server.actualPort(), "localhost", "/v1/callbacks/wych?connection=c2")
        .followRedirects(false).send().await(10, TimeUnit.SECONDS);

    assertThat(callback.statusCode()).isEqualTo(303);
    assertThat(without.statusCode()).isEqualTo(303);
    assertThat(CALLS).contains("handleCallback wych null cookie=bound-value", "handleCallback wych null cookie=null");
  }

  private static HttpResponse<?> send(HttpMethod method, String uri, JsonObject body, String requestId)
      throws Exception {
    var request = client.request(method, server.actualPort(), "localhost", uri);
    if (requestId != null) {
      request.putHeader("X-Request-Id", requestId);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  private static Consent consent() {
    Consent consent = new Consent();
    consent.setId("cns_4Wq9ZkT2mX7bP1sV8yLd");
    consent.setStatus("awaiting_authorization");
    consent.setUser(new ConsentUser("user-1"));
    consent.setCreatedAt(OffsetDateTime.parse("2025-06-03T09:15:22Z"));
    return consent;
  }

  private static final class RecordingConsents implements ConsentsApi {
    @Override
    public Future<ApiResponse<Consent>> createConsent(CreateConsentRequest body, String xRequestId,
        String idempotencyKey, User caller) {
      CALLS.add("createConsent " + body.getInstitutionId() + " " + body.getPermissions() + " " + body.getTransactionsFrom());
      return Future.succeededFuture(ApiResponse.of(201, consent()).withHeader("Location", "/v1/consents/" + consent().getId()));
    }

    @Override
    public Future<ApiResponse<Consent>> getConsent(String consentId, String xRequestId, User caller) {
      CALLS.add("getConsent " + consentId + " " + xRequestId);
      return Future.succeededFuture(ApiResponse.ok(consent()));
    }

    @Override
    public Future<ApiResponse<ConsentPage>> listUserConsents(String userReference, String xRequestId, String status,
        Integer limit, String cursor, User caller) {
      CALLS.add("listUserConsents " + userReference + " limit=" + limit);
      return Future.succeededFuture(ApiResponse.ok(new ConsentPage()));
    }

    @Override
    public Future<ApiResponse<Void>> revokeConsent(String consentId, String xRequestId, User caller) {
      CALLS.add("revokeConsent " + consentId);
      return Future.succeededFuture(ApiResponse.empty(204));
    }

    @Override
    public Future<ApiResponse<Consent>> createReauthorisation(String consentId, CreateReauthorisationRequest body,
        String xRequestId, String idempotencyKey, User caller) {
      CALLS.add("createReauthorisation " + consentId + " " + body.getRedirectUrl() + " " + idempotencyKey);
      return Future.succeededFuture(ApiResponse.of(201, consent()));
    }

    @Override
    public Future<ApiResponse<Reconfirmation>> createReconfirmation(String consentId, CreateReconfirmationRequest body,
        String xRequestId, User caller) {
      CALLS.add("createReconfirmation " + consentId + " " + body.getConfirmedAt());
      return Future.succeededFuture(ApiResponse.ok(new Reconfirmation()));
    }
  }

  private static final class RecordingInstitutions implements InstitutionsApi {
    @Override
    public Future<ApiResponse<InstitutionPage>> listInstitutions(String xRequestId, String country, String provider,
        String permission, String q, Integer limit, String cursor, User caller) {
      CALLS.add("listInstitutions " + limit);
      return Future.succeededFuture(ApiResponse.ok(new InstitutionPage()));
    }

    @Override
    public Future<ApiResponse<Institution>> getInstitution(String institutionId, String xRequestId, User caller) {
      CALLS.add("getInstitution " + institutionId);
      return Future.succeededFuture(ApiResponse.<Institution>serialized(200, SERIALIZED_INSTITUTION)
          .withHeader("Cache-Control", "no-store"));
    }
  }

  private static final class RecordingCallbacks implements CallbacksApi {
    @Override
    public Future<ApiResponse<Void>> handleCallback(String provider, String xRequestId, List<String> journey,
        String connection, String state, String user, List<String> consent, List<String> oneTimeToken,
        String applicationUserId, String userUuid, String institution, String error, String errorSource,
        String errorDescription, String cgwJourney) {
      CALLS.add("handleCallback " + provider + " " + journey + " cookie=" + cgwJourney);
      return Future.succeededFuture(ApiResponse.<Void>empty(303)
          .withHeader("Location", "https://fintech.example/return?status=authorized"));
    }

    @Override
    public Future<ApiResponse<Void>> enterJourney(String consentId, String binding, String xRequestId) {
      CALLS.add("enterJourney " + consentId + " " + binding);
      return Future.succeededFuture(ApiResponse.<Void>empty(303).withHeader("Location", "https://bank.example/auth"));
    }
  }

  private static final class RecordingData implements DataApi {
    @Override
    public Future<ApiResponse<AccountList>> listAccounts(String consentId, String xRequestId, User caller) {
      CALLS.add("listAccounts " + consentId);
      return Future.succeededFuture(ApiResponse.ok(new AccountList()));
    }

    @Override
    public Future<ApiResponse<AccountResult>> getAccount(String consentId, String accountId, String xRequestId,
        User caller) {
      CALLS.add("getAccount " + consentId + " " + accountId);
      return Future.succeededFuture(ApiResponse.ok(new AccountResult()));
    }

    @Override
    public Future<ApiResponse<BalanceList>> listBalances(String consentId, String accountId, String xRequestId,
        User caller) {
      CALLS.add("listBalances " + consentId + " " + accountId);
      return Future.succeededFuture(ApiResponse.ok(new BalanceList()));
    }

    @Override
    public Future<ApiResponse<TransactionPage>> listTransactions(String consentId, String accountId, String xRequestId,
        LocalDate from, LocalDate to, String status, Integer limit, String cursor, User caller) {
      CALLS.add("listTransactions " + consentId + " " + accountId + " " + from + " " + to + " " + status + " " + limit);
      return Future.succeededFuture(ApiResponse.ok(new TransactionPage()));
    }

    @Override
    public Future<ApiResponse<IdentityResult>> getIdentity(String consentId, String xRequestId, User caller) {
      CALLS.add("getIdentity " + consentId);
      return Future.succeededFuture(ApiResponse.ok(new IdentityResult()));
    }
  }

  private static final class RecordingEvents implements EventsApi {
    @Override
    public Future<ApiResponse<dev.consentgw.facade.model.EventPage>> listEvents(String xRequestId, String after,
        String types, Integer limit, User caller) {
      CALLS.add("listEvents " + after + " " + types + " " + limit);
      return Future.succeededFuture(ApiResponse.ok(new dev.consentgw.facade.model.EventPage()));
    }

    @Override
    public Future<ApiResponse<dev.consentgw.facade.model.DeliveryList>> listEventDeliveries(String eventId,
        String xRequestId, User caller) {
      CALLS.add("listEventDeliveries " + eventId);
      return Future.succeededFuture(ApiResponse.ok(new dev.consentgw.facade.model.DeliveryList()));
    }

    @Override
    public Future<ApiResponse<dev.consentgw.facade.model.DeliveryList>> redeliverEvent(String eventId,
        String xRequestId, User caller) {
      CALLS.add("redeliverEvent " + eventId);
      return Future.succeededFuture(ApiResponse.of(202, new dev.consentgw.facade.model.DeliveryList()));
    }
  }
}
