package dev.consentgw.clients;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.consentgw.clients.wych.api.AuthApiImpl;
import dev.consentgw.clients.wych.api.ConnectionsApiImpl;
import dev.consentgw.clients.wych.api.DataHoldersApiImpl;
import dev.consentgw.clients.wych.invoker.ApiClient;
import dev.consentgw.clients.wych.invoker.ApiException;
import dev.consentgw.clients.wych.model.Connection;
import dev.consentgw.clients.wych.model.ConnectionCreated;
import dev.consentgw.clients.wych.model.CreateConnectionRequest;
import dev.consentgw.clients.wych.model.DataHolder;
import dev.consentgw.clients.wych.model.Ecosystem;
import dev.consentgw.clients.wych.model.TokenResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Wych client generated from wych.yaml, against WireMock: what it sends (form-encoded token
 * request, both credentials on API calls, JSON bodies) and how it reads answers, including errors
 * and values and members wych.yaml does not know.
 */
class WychClientRoundTripTest {

  private static final String TOKEN_BASE = "/realms/partner/protocol/openid-connect";
  private static final String CONNECTION = "8f6d4b2a-9c31-4e57-b0a8-6c2e1f7d3b66";

  @RegisterExtension
  static WireMockExtension wych = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void requestsATokenAndListsDataHoldersWithBothCredentials() throws Exception {
    wych.stubFor(post(TOKEN_BASE + "/token").willReturn(okJson("""
        {"access_token": "service-token", "expires_in": 3600, "refresh_expires_in": 0, "token_type": "Bearer",
         "not-before-policy": 0, "scope": "profile email"}
        """)));
    wych.stubFor(get("/v3/data-holders").willReturn(okJson("""
        [{"id": "e0a9b8c7-2f14-4d63-9e5a-7b1c6d4f2e55", "externalId": "AU_CDS", "name": "CDR", "region": "AU",
          "dataHolders": [{"id": "c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44", "name": "Wattle Sandbox Bank",
            "country": "AU", "connectable": true, "enabled": true, "logoUri": "https://logos.example.com/w.png",
            "permissions": {"bank:accounts.basic:read": true, "group": ["bank:payees:read"]},
            "industry": "banking"}]}]
        """)));

    TokenResponse token = await(new AuthApiImpl(client(TOKEN_BASE))
        .requestToken("client_credentials", "cg-client", "not-a-real-secret", null));
    List<Ecosystem> ecosystems = await(new DataHoldersApiImpl(client("/v3"))
        .listDataHolders(auth("api-key-1", token.getAccessToken())));

    assertThat(token.getAccessToken()).isEqualTo("service-token");
    assertThat(token.getExpiresIn()).isEqualTo(3600);
    DataHolder holder = ecosystems.get(0).getDataHolders().get(0);
    assertThat(ecosystems.get(0).getExternalId()).isEqualTo("AU_CDS");
    assertThat(holder.getId()).isEqualTo(UUID.fromString("c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44"));
    assertThat(holder.getConnectable()).isTrue();
    assertThat(holder.getLogoUri()).hasToString("https://logos.example.com/w.png");
    assertThat(holder.getPermissions()).containsEntry("bank:accounts.basic:read", true)
        .containsEntry("group", List.of("bank:payees:read"));
    wych.verify(1, postRequestedFor(urlEqualTo(TOKEN_BASE + "/token"))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("grant_type", equalTo("client_credentials"))
        .withFormParam("client_id", equalTo("cg-client"))
        .withFormParam("client_secret", equalTo("not-a-real-secret")));
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/data-holders"))
        .withHeader("x-api-key", equalTo("api-key-1"))
        .withHeader("Authorization", equalTo("Bearer service-token")));
  }

  @Test
  void sendsAConnectionAsJson() throws Exception {
    wych.stubFor(post("/v3/connection").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + CONNECTION + "\", \"extra\": 1}")));
    CreateConnectionRequest request = new CreateConnectionRequest()
        .app(UUID.fromString("9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22"))
        .dataholder(UUID.fromString("c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44"))
        .user(UUID.fromString("5d2c8e91-4b7a-4f36-8c19-2e6f0a9b7d33"))
        .scopes(List.of("openid", "bank:accounts.basic:read"));

    ConnectionCreated created = await(new ConnectionsApiImpl(client("/v3")).createConnection(request,
        auth("api-key-1", "user-token")));

    assertThat(created.getId()).hasToString(CONNECTION);
    wych.verify(1, postRequestedFor(urlEqualTo("/v3/connection"))
        .withHeader("Content-Type", containing("application/json"))
        .withHeader("Authorization", equalTo("Bearer user-token"))
        .withRequestBody(equalToJson("""
            {"app": "9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22", "dataholder": "c1e7a3f4-8d25-4b9c-a6f0-3d8e5b2c1a44",
             "user": "5d2c8e91-4b7a-4f36-8c19-2e6f0a9b7d33", "scopes": ["openid", "bank:accounts.basic:read"]}
            """)));
  }

  @Test
  void unknownStateAndMembersDeserialise() throws Exception {
    wych.stubFor(get("/v3/connection/" + CONNECTION).willReturn(okJson("""
        {"id": "%s", "state": "SUSPENDED_BY_DATA_HOLDER", "scopes": ["openid", "energy:future:read"],
         "expiry": "not a date", "sharingDuration": {"days": 365}}
        """.formatted(CONNECTION))));

    Connection connection = await(new ConnectionsApiImpl(client("/v3")).getConnection(UUID.fromString(CONNECTION),
        auth("api-key-1", "user-token")));

    assertThat(connection.getState()).isEqualTo("SUSPENDED_BY_DATA_HOLDER");
    assertThat(connection.getStatus()).isNull();
    assertThat(connection.getScopes()).containsExactly("openid", "energy:future:read");
    assertThat(connection.getExpiry()).isEqualTo("not a date");
  }

  @Test
  void errorAnswerFailsWithStatusAndBody() throws Exception {
    String body = "{\"statusCode\": 404, \"message\": \"Connection not found\", \"error\": \"Not Found\"}";
    wych.stubFor(get("/v3/connection/" + CONNECTION).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody(body)));

    Throwable failure = catchThrowable(() -> await(new ConnectionsApiImpl(client("/v3"))
        .getConnection(UUID.fromString(CONNECTION), auth("api-key-1", "user-token"))));

    assertThat(failure).isInstanceOf(ApiException.class);
    assertThat(((ApiException) failure).getCode()).isEqualTo(404);
    assertThat(new JsonObject(((ApiException) failure).getResponseBody()).getString("message"))
        .isEqualTo("Connection not found");
    wych.verify(1, getRequestedFor(urlEqualTo("/v3/connection/" + CONNECTION)));
  }

  @Test
  void revokeAcceptsNoContent() throws Exception {
    wych.stubFor(delete("/v3/connection/" + CONNECTION).willReturn(aResponse().withStatus(204)));

    Void result = await(new ConnectionsApiImpl(client("/v3")).revokeConnection(UUID.fromString(CONNECTION),
        auth("api-key-1", "user-token")));

    assertThat(result).isNull();
    wych.verify(1, deleteRequestedFor(urlEqualTo("/v3/connection/" + CONNECTION))
        .withHeader("x-api-key", equalTo("api-key-1")));
  }

  private static ApiClient client(String basePath) {
    return new ApiClient(vertx, new JsonObject().put("basePath", wych.baseUrl() + basePath));
  }

  private static ApiClient.AuthInfo auth(String apiKey, String token) {
    ApiClient.AuthInfo auth = ApiClient.AuthInfo.forApiKeyAuthentication(apiKey, null);
    auth.addBearerAuthentication(token);
    return auth;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }
}
