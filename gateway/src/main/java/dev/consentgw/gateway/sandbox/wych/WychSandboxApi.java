package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.sandbox.wych.WychSandboxCatalogue.SandboxDataHolder;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.IssuedToken;
import dev.consentgw.gateway.sandbox.wych.WychSandboxState.SandboxConnection;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The API operations of wych.yaml ({@code /v3/...}), each mounted by operationId on a
 * {@link RouterBuilder} so requests are validated against the contract first. Credentials are
 * checked here: the 5.0 RouterBuilder only takes JWT handlers for bearer schemes, and Wych's two
 * token kinds (service, user-context) need their own rules anyway.
 */
final class WychSandboxApi {

  private static final String TOKEN_KEY = "wych.sandbox.token";
  private static final String BEARER = "bearer ";
  private static final String OPENID = "openid";

  private final WychSandboxState state;
  private final WychSandboxCatalogue catalogue;
  private final WychSimulatorOptions options;
  private final WychSandboxData data;

  WychSandboxApi(WychSandboxState state, WychSandboxCatalogue catalogue, WychSimulatorOptions options,
      WychSandboxData data) {
    this.state = state;
    this.catalogue = catalogue;
    this.options = options;
    this.data = data;
  }

  /** Mounts every operation of the contract; fails if the contract has one this class does not serve. */
  void mount(RouterBuilder builder) {
    builder.rootHandler(this::authenticate);
    route(builder, "listUsers", this::listUsers);
    route(builder, "findOrCreateUser", this::findOrCreateUser);
    route(builder, "createUserToken", this::createUserToken);
    route(builder, "listDataHolders", this::listDataHolders);
    route(builder, "createConnection", this::createConnection);
    route(builder, "authorizeConnection", this::authorizeConnection);
    route(builder, "getConnection", this::getConnection);
    route(builder, "revokeConnection", this::revokeConnection);
    route(builder, "listAccounts", rc -> withUser(rc, token -> data.listAccounts(rc, token, uuidParam(rc, "connection"))));
    route(builder, "getAccount", rc -> withUser(rc, token -> data.getAccount(rc, token, accountId(rc))));
    route(builder, "listBalances", rc -> withUser(rc, token -> data.listBalances(rc, token, accountId(rc))));
    route(builder, "listTransactions", rc -> withUser(rc, token -> data.listTransactions(rc, token, accountId(rc))));
    route(builder, "getCustomer", rc -> withUser(rc, token -> data.getCustomer(rc, token)));
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.getHandlers().isEmpty()) {
        throw new IllegalStateException("The Wych simulator does not serve " + route.getOperation().getOperationId());
      }
    }
  }

  private static void route(RouterBuilder builder, String operationId, Handler<RoutingContext> handler) {
    builder.getRoute(operationId).setDoSecurity(false).addHandler(handler);
  }

  /** Every call needs the API key and a live bearer token, checked before the request is validated. */
  private void authenticate(RoutingContext rc) {
    if (!WychSandboxTokenEndpoint.matches(rc.request().getHeader("x-api-key"), options.apiKey())) {
      WychSandboxResponses.error(rc, 401, "Missing or invalid API key");
      return;
    }
    String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      WychSandboxResponses.oauthError(rc, 401, "invalid_token", "Bearer token required");
      return;
    }
    Optional<IssuedToken> token = state.token(authorization.substring(BEARER.length()).trim());
    if (token.isEmpty()) {
      WychSandboxResponses.oauthError(rc, 401, "invalid_token", "Token is not active");
    } else if (!token.get().expiresAt().isAfter(state.now())) {
      WychSandboxResponses.oauthError(rc, 401, "invalid_token", "Token is expired");
    } else {
      rc.put(TOKEN_KEY, token.get());
      rc.next();
    }
  }

  private void listUsers(RoutingContext rc) {
    if (serviceCall(rc)) {
      JsonArray users = new JsonArray();
      state.users().forEach(user -> users.add(user.toJson()));
      WychSandboxResponses.json(rc, 200, users);
    }
  }

  private void findOrCreateUser(RoutingContext rc) {
    if (serviceCall(rc)) {
      WychSandboxState.FoundUser found = state.findOrCreateUser(body(rc).getString("email"));
      WychSandboxResponses.json(rc, found.created() ? 201 : 200, found.user().toJson());
    }
  }

  private void createUserToken(RoutingContext rc) {
    if (!serviceCall(rc)) {
      return;
    }
    UUID userId = UUID.fromString(pathParam(rc, "userId"));
    if (state.user(userId).isEmpty()) {
      WychSandboxResponses.error(rc, 404, "User not found");
      return;
    }
    WychSandboxResponses.json(rc, 200, new JsonObject()
        .put("access_token", state.issueToken(userId, options.tokenLifetime()))
        .put("expires_in", options.tokenLifetime().toSeconds())
        .put("token_type", "Bearer"));
  }

  private void listDataHolders(RoutingContext rc) {
    if (serviceToken(rc)) {
      WychSandboxResponses.json(rc, 200, catalogue.listing());
    }
  }

  private void createConnection(RoutingContext rc) {
    IssuedToken token = userToken(rc);
    if (token == null) {
      return;
    }
    JsonObject body = body(rc);
    UUID user = UUID.fromString(body.getString("user"));
    List<String> scopes = body.getJsonArray("scopes").stream().map(String.class::cast).distinct().toList();
    if (!user.equals(token.user())) {
      WychSandboxResponses.error(rc, 403, "The token is not the user's");
    } else if (!options.appId().equals(body.getString("app"))) {
      WychSandboxResponses.error(rc, 404, "App not found");
    } else if (!scopes.contains(OPENID)) {
      WychSandboxResponses.error(rc, 400, "scopes must include openid");
    } else {
      Optional<SandboxDataHolder> holder = catalogue.dataHolder(UUID.fromString(body.getString("dataholder")));
      if (holder.isEmpty()) {
        WychSandboxResponses.error(rc, 404, "Data holder not found");
      } else if (!holder.get().connectable()) {
        WychSandboxResponses.error(rc, 400, holder.get().name() + " is not connectable");
      } else {
        Optional<String> unknown = scopes.stream()
            .filter(s -> !WychSandboxCatalogue.OIDC_SCOPES.contains(s) && !holder.get().scopes().contains(s))
            .findFirst();
        if (unknown.isPresent()) {
          WychSandboxResponses.error(rc, 400, holder.get().name() + " does not offer the scope " + unknown.get());
        } else {
          SandboxConnection connection = state.createConnection(user, holder.get().id(), scopes);
          WychSandboxResponses.json(rc, 201, new JsonObject().put("id", connection.id().toString()));
        }
      }
    }
  }

  private void authorizeConnection(RoutingContext rc) {
    SandboxConnection connection = ownConnection(rc);
    if (connection == null) {
      return;
    }
    if (!WychSandboxState.PENDING.equals(connection.state())) {
      WychSandboxResponses.error(rc, 409, "Connection is not pending");
      return;
    }
    WychSandboxResponses.json(rc, 200,
        new JsonObject().put("uri", WychSimulator.baseUrl(rc) + WychSandboxBank.pagePath(connection.id())));
  }

  private void getConnection(RoutingContext rc) {
    SandboxConnection connection = ownConnection(rc);
    if (connection != null) {
      WychSandboxResponses.json(rc, 200, connection.toJson());
    }
  }

  private void revokeConnection(RoutingContext rc) {
    SandboxConnection connection = ownConnection(rc);
    if (connection != null) {
      state.transition(connection.id(), Set.of(WychSandboxState.PENDING, WychSandboxState.ACTIVE),
          WychSandboxState.REVOKED);
      rc.response().setStatusCode(204).end();
    }
  }

  private static void withUser(RoutingContext rc, java.util.function.Consumer<IssuedToken> action) {
    IssuedToken token = userToken(rc);
    if (token != null) {
      action.accept(token);
    }
  }

  private static UUID accountId(RoutingContext rc) {
    return UUID.fromString(pathParam(rc, "accountId"));
  }

  private static UUID uuidParam(RoutingContext rc, String name) {
    RequestParameter parameter = validated(rc).getQuery().get(name);
    return parameter == null || parameter.isNull() ? null : UUID.fromString(parameter.getString());
  }

  /** A service-token call for this partner and app; otherwise answers 403 or 404 and returns false. */
  private boolean serviceCall(RoutingContext rc) {
    if (!serviceToken(rc)) {
      return false;
    }
    if (!options.partnerId().equals(pathParam(rc, "partnerId")) || !options.appId().equals(pathParam(rc, "appId"))) {
      WychSandboxResponses.error(rc, 404, "Partner or app not found");
      return false;
    }
    return true;
  }

  private boolean serviceToken(RoutingContext rc) {
    IssuedToken token = rc.get(TOKEN_KEY);
    if (!token.isService()) {
      WychSandboxResponses.error(rc, 403, "This operation needs the app's service token");
      return false;
    }
    return true;
  }

  /** The user-context token of the call; null (after answering 403) for a service token. */
  private static IssuedToken userToken(RoutingContext rc) {
    IssuedToken token = rc.get(TOKEN_KEY);
    if (token.isService()) {
      WychSandboxResponses.error(rc, 403, "This operation needs a user-context token");
      return null;
    }
    return token;
  }

  /** The connection of the path, if it exists and belongs to the token's user; else null after answering. */
  private SandboxConnection ownConnection(RoutingContext rc) {
    IssuedToken token = userToken(rc);
    if (token == null) {
      return null;
    }
    Optional<SandboxConnection> connection = state.connection(UUID.fromString(pathParam(rc, "connectionId")));
    if (connection.isEmpty()) {
      WychSandboxResponses.error(rc, 404, "Connection not found");
      return null;
    }
    if (!connection.get().user().equals(token.user())) {
      WychSandboxResponses.error(rc, 403, "The connection belongs to another user");
      return null;
    }
    return connection.get();
  }

  private static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  private static String pathParam(RoutingContext rc, String name) {
    RequestParameter parameter = validated(rc).getPathParameters().get(name);
    return parameter == null ? null : parameter.getString();
  }

  private static JsonObject body(RoutingContext rc) {
    return validated(rc).getBody().getJsonObject();
  }
}
