package dev.consentgw.contracts.wych;

import au.com.dius.pact.provider.junitsupport.State;
import com.fasterxml.jackson.databind.JsonNode;
import au.com.dius.pact.core.model.Interaction;
import dev.consentgw.contracts.LiveEnvironment;
import dev.consentgw.contracts.LiveHttp;
import dev.consentgw.contracts.LiveStateVariables;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static dev.consentgw.contracts.wych.WychContract.*;

/**
 * The provider states of the Wych pact on a real Wych sandbox, set up through Wych's own API with
 * the app's credentials. States a real Wych cannot be put into on demand (an active connection needs
 * a person at a bank; an outage) are filtered out by {@link WychLiveProviderIT}, except the data
 * states: a connection a person approved (and one they later disconnected) can be named in the
 * environment, see {@link #DATA_VARIABLES}.
 */
final class LiveWychStates {

  static final String BASE_URL = "WYCH_BASE_URL";
  static final String TOKEN_URL = "WYCH_TOKEN_URL";
  static final String API_KEY_VARIABLE = "WYCH_API_KEY";
  static final String CLIENT_ID_VARIABLE = "WYCH_CLIENT_ID";
  static final String CLIENT_SECRET_VARIABLE = "WYCH_CLIENT_SECRET";
  static final String PARTNER_ID_VARIABLE = "WYCH_PARTNER_ID";
  static final String APP_ID_VARIABLE = "WYCH_APP_ID";

  /** The Wych user (of this app) who owns the connections below. */
  static final String LIVE_USER_VARIABLE = "WYCH_LIVE_USER_ID";
  /** An ACTIVE connection with at least one account, approved by a person at a sandbox bank. */
  static final String LIVE_CONNECTION_VARIABLE = "WYCH_LIVE_CONNECTION_ID";
  /** A connection that was approved, then disconnected, and one account id it had (noted before). */
  static final String LIVE_DISCONNECTED_CONNECTION_VARIABLE = "WYCH_LIVE_DISCONNECTED_CONNECTION_ID";
  static final String LIVE_DISCONNECTED_ACCOUNT_VARIABLE = "WYCH_LIVE_DISCONNECTED_ACCOUNT_ID";
  /** Which variables each data state needs; documented in the README ("Contracts"). */
  static final Map<String, List<String>> DATA_VARIABLES = Map.of(
      CONNECTION_WITH_DATA, List.of(LIVE_USER_VARIABLE, LIVE_CONNECTION_VARIABLE),
      CONNECTION_DISCONNECTED, List.of(LIVE_USER_VARIABLE, LIVE_DISCONNECTED_CONNECTION_VARIABLE,
          LIVE_DISCONNECTED_ACCOUNT_VARIABLE));

  private static final String BANK_SCOPE = "bank:accounts.basic:read";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LiveEnvironment env;
  private final LiveStateVariables live;
  private final LiveHttp http = new LiveHttp();
  private String serviceToken;

  LiveWychStates(LiveEnvironment env, LiveStateVariables live) {
    this.env = env;
    this.live = live;
    DATA_VARIABLES.forEach((state, variables) -> live.require(state, variables.toArray(String[]::new)));
  }

  static LiveWychStates fromEnvironment() {
    return new LiveWychStates(LiveEnvironment.require("Wych", System::getenv, BASE_URL, TOKEN_URL, API_KEY_VARIABLE,
        CLIENT_ID_VARIABLE, CLIENT_SECRET_VARIABLE, PARTNER_ID_VARIABLE, APP_ID_VARIABLE),
        new LiveStateVariables(System::getenv));
  }

  /** Why the interaction cannot run against this Wych (a data state without its real connection); else empty. */
  Optional<String> skipReason(Interaction interaction) {
    return live.skipReason(interaction);
  }

  String baseUrl() {
    return env.get(BASE_URL);
  }

  String tokenUrl() {
    return env.get(TOKEN_URL);
  }

  @State(CLIENT_CREDENTIALS_VALID)
  Map<String, Object> validClientCredentials() {
    return Map.of(CLIENT_ID, env.get(CLIENT_ID_VARIABLE), CLIENT_SECRET, env.get(CLIENT_SECRET_VARIABLE));
  }

  @State(CLIENT_CREDENTIALS_INVALID)
  Map<String, Object> invalidClientCredentials() {
    return Map.of(CLIENT_ID, env.get(CLIENT_ID_VARIABLE), CLIENT_SECRET, "not-the-app-secret-" + random());
  }

  @State(SERVICE_TOKEN_VALID)
  Map<String, Object> validServiceToken() throws Exception {
    return Map.of(API_KEY, env.get(API_KEY_VARIABLE), PARTNER_ID, env.get(PARTNER_ID_VARIABLE),
        APP_ID, env.get(APP_ID_VARIABLE), SERVICE_TOKEN, serviceToken());
  }

  /** Wych cannot be made to hand out an expired token; one it never issued is refused the same way. */
  @State(SERVICE_TOKEN_EXPIRED)
  Map<String, Object> expiredServiceToken() {
    return Map.of(API_KEY, env.get(API_KEY_VARIABLE), SERVICE_TOKEN, "never-issued-" + random());
  }

  @State(NO_USER_WITH_EMAIL)
  Map<String, Object> noUserWithEmail() {
    return Map.of(EMAIL, "u-" + random() + "@users.consent-gateway.invalid");
  }

  @State(USER_WITH_EMAIL)
  Map<String, Object> userWithEmail(Map<String, Object> params) throws Exception {
    return Map.of(USER_ID, userId(params));
  }

  @State(USER_TOKEN_VALID)
  Map<String, Object> validUserToken(Map<String, Object> params) throws Exception {
    String user = userId(params);
    return Map.of(API_KEY, env.get(API_KEY_VARIABLE), APP_ID, env.get(APP_ID_VARIABLE), USER_ID, user,
        USER_TOKEN, userToken(user));
  }

  /** As for the service token: a token Wych never issued stands in for an expired one. */
  @State(USER_TOKEN_EXPIRED)
  Map<String, Object> expiredUserToken(Map<String, Object> params) throws Exception {
    return Map.of(API_KEY, env.get(API_KEY_VARIABLE), APP_ID, env.get(APP_ID_VARIABLE), USER_ID, userId(params),
        USER_TOKEN, "never-issued-" + random());
  }

  /** The sandbox's own data holders: the first connectable one that offers banking data. */
  @State(DATA_HOLDER_CONNECTABLE)
  Map<String, Object> connectableDataHolder() throws Exception {
    return Map.of(DATA_HOLDER_ID, dataHolder("connectable and offering " + BANK_SCOPE,
        holder -> holder.path("connectable").asBoolean(false) && offersBanking(holder)));
  }

  @State(DATA_HOLDER_NOT_CONNECTABLE)
  Map<String, Object> nonConnectableDataHolder() throws Exception {
    return Map.of(DATA_HOLDER_ID, dataHolder("listed but not connectable",
        holder -> !holder.path("connectable").asBoolean(true)));
  }

  @State(CONNECTION_PENDING)
  Map<String, Object> pendingConnection(Map<String, Object> params) throws Exception {
    String user = userId(params);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app", env.get(APP_ID_VARIABLE));
    body.put("dataholder", connectableDataHolder().get(DATA_HOLDER_ID));
    body.put("user", user);
    body.put("scopes", EXAMPLE_SCOPES);
    JsonNode created = http.send("POST", baseUrl() + "/connection", userHeaders(userToken(user)), body);
    return Map.of(CONNECTION_ID, created.path("id").asText());
  }

  /**
   * A real connection with accounts, named in the environment. Its owner's token replaces the one
   * the earlier {@link #USER_TOKEN_VALID} state injected for the pact's example user (later states'
   * values win), so the data calls are made as the person who approved it.
   */
  @State(CONNECTION_WITH_DATA)
  Map<String, Object> connectionWithData() throws Exception {
    String user = live.get(LIVE_USER_VARIABLE);
    String token = userToken(user);
    String connection = live.get(LIVE_CONNECTION_VARIABLE);
    JsonNode accounts = http.send("GET", baseUrl() + "/accounts?connection=" + encode(connection), userHeaders(token),
        null);
    if (accounts.isEmpty()) {
      throw new IllegalStateException(LIVE_CONNECTION_VARIABLE + " names a connection without accounts: "
          + "approve a connection at a sandbox bank that shares at least one account");
    }
    return userValues(user, token, connection, accounts.get(0).path("id").asText());
  }

  /** A real connection that was disconnected after approval, and an account it had (Wych no longer lists it). */
  @State(CONNECTION_DISCONNECTED)
  Map<String, Object> disconnectedConnection() throws Exception {
    String user = live.get(LIVE_USER_VARIABLE);
    return userValues(user, userToken(user), live.get(LIVE_DISCONNECTED_CONNECTION_VARIABLE),
        live.get(LIVE_DISCONNECTED_ACCOUNT_VARIABLE));
  }

  private Map<String, Object> userValues(String user, String token, String connection, String account) {
    return Map.of(API_KEY, env.get(API_KEY_VARIABLE), APP_ID, env.get(APP_ID_VARIABLE), USER_ID, user,
        USER_TOKEN, token, CONNECTION_ID, connection, ACCOUNT_ID, account);
  }

  @State(NO_CONNECTION)
  void noConnection() {
    // The pact's connection id was made up for it: Wych has never issued it.
  }

  private String serviceToken() throws Exception {
    if (serviceToken == null) {
      // One token for the whole run: Wych refuses token requests made too often.
      String form = "grant_type=client_credentials&client_id=" + encode(env.get(CLIENT_ID_VARIABLE))
          + "&client_secret=" + encode(env.get(CLIENT_SECRET_VARIABLE));
      serviceToken = http.send("POST", tokenUrl(), Map.of("Content-Type", "application/x-www-form-urlencoded"), form)
          .path("access_token").asText();
    }
    return serviceToken;
  }

  private String userId(Map<String, Object> params) throws Exception {
    String users = baseUrl() + "/partner/" + env.get(PARTNER_ID_VARIABLE) + "/app/" + env.get(APP_ID_VARIABLE) + "/user";
    return http.send("POST", users, serviceHeaders(), Map.of("email", params.get(EMAIL))).path("id").asText();
  }

  private String userToken(String userId) throws Exception {
    String url = baseUrl() + "/partner/" + env.get(PARTNER_ID_VARIABLE) + "/app/" + env.get(APP_ID_VARIABLE)
        + "/user/" + userId + "/token";
    return http.send("POST", url, serviceHeaders(), null).path("access_token").asText();
  }

  private String dataHolder(String fact, Predicate<JsonNode> holds) throws Exception {
    for (JsonNode ecosystem : http.send("GET", baseUrl() + "/data-holders", serviceHeaders(), null)) {
      for (JsonNode holder : ecosystem.path("dataHolders")) {
        if (holds.test(holder)) {
          return holder.path("id").asText();
        }
      }
    }
    throw new IllegalStateException("The Wych sandbox lists no data holder that is " + fact);
  }

  private static boolean offersBanking(JsonNode holder) {
    JsonNode permissions = holder.path("permissions");
    return permissions.isEmpty() || permissions.path(BANK_SCOPE).asBoolean(false);
  }

  private Map<String, String> serviceHeaders() throws Exception {
    return Map.of("x-api-key", env.get(API_KEY_VARIABLE), "Authorization", "Bearer " + serviceToken());
  }

  private Map<String, String> userHeaders(String userToken) {
    return Map.of("x-api-key", env.get(API_KEY_VARIABLE), "Authorization", "Bearer " + userToken);
  }

  private static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
