package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.openapi.ContractDocuments;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of the simulator's API, successes and errors alike, has a status that wych.yaml
 * declares for the operation and a body that matches the declared schema.
 */
class WychSimulatorContractTest {

  private static final String USERS = "/v3/partner/" + WychSimulatorOptions.SANDBOX_PARTNER_ID + "/app/"
      + WychSimulatorOptions.SANDBOX_APP_ID;

  private static Vertx vertx;
  private static WebClient client;
  private static String base;
  private static ResponseValidator validator;

  @BeforeAll
  static void boot() throws Exception {
    vertx = Vertx.vertx();
    WychSimulatorOptions options = new WychSimulatorOptions(WychSimulatorOptions.SANDBOX_API_KEY,
        WychSimulatorOptions.SANDBOX_CLIENT_ID, WychSimulatorOptions.SANDBOX_CLIENT_SECRET,
        WychSimulatorOptions.SANDBOX_PARTNER_ID, WychSimulatorOptions.SANDBOX_APP_ID,
        "http://localhost/v1/callbacks/wych", null, 3);
    Router root = Router.router(vertx);
    root.route("/sandbox/wych/*").subRouter(await(new WychSimulator(vertx, options).router()));
    HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0));
    base = "http://localhost:" + server.actualPort() + "/sandbox/wych";
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    // The full document, responses included; only the form-encoded token operation cannot be loaded.
    JsonObject wych = ContractDocuments.json(ContractDocuments.WYCH);
    wych.getJsonObject("paths").remove("/token");
    OpenAPIContract contract = await(OpenAPIContract.from(vertx, wych));
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void everyAnswerMatchesWychYaml() throws Exception {
    List<String> problems = new ArrayList<>();
    String service = await(client.postAbs(base + "/auth/token").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "client_credentials")
        .add("client_id", WychSimulatorOptions.SANDBOX_CLIENT_ID)
        .add("client_secret", WychSimulatorOptions.SANDBOX_CLIENT_SECRET))).bodyAsJsonObject().getString("access_token");

    check(problems, "listDataHolders", 200, api(client.getAbs(base + "/v3/data-holders"), service).send());
    check(problems, "listDataHolders", 401, client.getAbs(base + "/v3/data-holders").send());
    HttpResponse<Buffer> created = check(problems, "findOrCreateUser", 201,
        api(client.postAbs(base + USERS + "/user"), service).sendJsonObject(new JsonObject().put("email", "a@b.test")));
    check(problems, "findOrCreateUser", 200,
        api(client.postAbs(base + USERS + "/user"), service).sendJsonObject(new JsonObject().put("email", "a@b.test")));
    check(problems, "findOrCreateUser", 400,
        api(client.postAbs(base + USERS + "/user"), service).sendJsonObject(new JsonObject()));
    check(problems, "listUsers", 200, api(client.getAbs(base + USERS + "/users"), service).send());
    String userId = created.bodyAsJsonObject().getString("id");
    check(problems, "createUserToken", 404,
        api(client.postAbs(base + USERS + "/user/" + UUID.randomUUID() + "/token"), service).send());
    HttpResponse<Buffer> userToken = check(problems, "createUserToken", 200,
        api(client.postAbs(base + USERS + "/user/" + userId + "/token"), service).send());
    String user = userToken.bodyAsJsonObject().getString("access_token");

    JsonObject connection = new JsonObject()
        .put("app", WychSimulatorOptions.SANDBOX_APP_ID)
        .put("dataholder", WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK)
        .put("user", userId)
        .put("scopes", new JsonArray().add("openid").add("bank:accounts.basic:read"));
    check(problems, "createConnection", 403,
        api(client.postAbs(base + "/v3/connection"), service).sendJsonObject(connection));
    check(problems, "createConnection", 404, api(client.postAbs(base + "/v3/connection"), user)
        .sendJsonObject(connection.copy().put("dataholder", UUID.randomUUID().toString())));
    check(problems, "createConnection", 400, api(client.postAbs(base + "/v3/connection"), user)
        .sendJsonObject(connection.copy().put("dataholder", WychSandboxCatalogue.WATTLE_SAVINGS)));
    String id = check(problems, "createConnection", 201,
        api(client.postAbs(base + "/v3/connection"), user).sendJsonObject(connection))
        .bodyAsJsonObject().getString("id");
    String page = check(problems, "authorizeConnection", 200,
        api(client.postAbs(base + "/v3/connection/" + id + "/authorize"), user).send())
        .bodyAsJsonObject().getString("uri");
    check(problems, "getConnection", 200, api(client.getAbs(base + "/v3/connection/" + id), user).send());
    assertThat(await(client.postAbs(page + "/approve").send()).statusCode()).isEqualTo(303);
    check(problems, "getConnection", 200, api(client.getAbs(base + "/v3/connection/" + id), user).send());
    check(problems, "authorizeConnection", 409,
        api(client.postAbs(base + "/v3/connection/" + id + "/authorize"), user).send());
    check(problems, "getConnection", 404,
        api(client.getAbs(base + "/v3/connection/" + UUID.randomUUID()), user).send());
    check(problems, "revokeConnection", 204, api(client.deleteAbs(base + "/v3/connection/" + id), user).send());

    assertThat(problems).isEmpty();
  }

  @Test
  void theValidatorRejectsAnswersThatContradictWychYaml() throws Exception {
    assertThat(awaitFailure("createConnection", 201, "{\"id\": \"not-a-uuid\"}")).isNotNull();
    assertThat(awaitFailure("getConnection", 418, "{}")).isNotNull();
  }

  private static Throwable awaitFailure(String operationId, int status, String body) throws Exception {
    return validator.validate(ValidatableResponse.create(status, Buffer.buffer(body), "application/json"), operationId)
        .<Throwable>map(ok -> null)
        .recover(Future::succeededFuture)
        .await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> check(List<String> problems, String operationId, int expectedStatus,
      Future<HttpResponse<Buffer>> sent) throws Exception {
    HttpResponse<Buffer> response = await(sent);
    assertThat(response.statusCode()).as(operationId + ": " + response.bodyAsString()).isEqualTo(expectedStatus);
    String contentType = response.getHeader("Content-Type");
    ValidatableResponse validatable = response.body() == null
        ? ValidatableResponse.create(response.statusCode())
        : ValidatableResponse.create(response.statusCode(), response.body(), contentType);
    validator.validate(validatable, operationId)
        .onFailure(e -> problems.add(operationId + " " + expectedStatus + ": " + e.getMessage()))
        .otherwiseEmpty()
        .await(10, TimeUnit.SECONDS);
    return response;
  }

  private static HttpRequest<Buffer> api(HttpRequest<Buffer> request, String token) {
    return request.putHeader("x-api-key", WychSimulatorOptions.SANDBOX_API_KEY).bearerTokenAuthentication(token);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }
}
