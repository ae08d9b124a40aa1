package dev.consentgw.contracts.wych;

import au.com.dius.pact.provider.junitsupport.State;
import dev.consentgw.gateway.sandbox.wych.WychSandboxControl;
import dev.consentgw.gateway.sandbox.wych.WychSimulatorOptions;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.consentgw.contracts.wych.WychContract.*;

/**
 * The provider states of the Wych pact, set up in the sandbox simulator through its control API.
 * Every interaction starts from an empty simulator; each state adds what it names and returns the
 * values the pact's requests take from it.
 */
final class SimulatorWychStates {

  private final WychSandboxControl control;

  SimulatorWychStates(WychSandboxControl control) {
    this.control = control;
  }

  @State(CLIENT_CREDENTIALS_VALID)
  Map<String, Object> validClientCredentials() {
    return Map.of(CLIENT_ID, WychSimulatorOptions.SANDBOX_CLIENT_ID,
        CLIENT_SECRET, WychSimulatorOptions.SANDBOX_CLIENT_SECRET);
  }

  @State(CLIENT_CREDENTIALS_INVALID)
  Map<String, Object> invalidClientCredentials() {
    return Map.of(CLIENT_ID, WychSimulatorOptions.SANDBOX_CLIENT_ID, CLIENT_SECRET, "not-the-app-secret");
  }

  @State(SERVICE_TOKEN_VALID)
  Map<String, Object> validServiceToken() {
    return Map.of(API_KEY, WychSimulatorOptions.SANDBOX_API_KEY,
        PARTNER_ID, WychSimulatorOptions.SANDBOX_PARTNER_ID,
        APP_ID, WychSimulatorOptions.SANDBOX_APP_ID,
        SERVICE_TOKEN, control.issueServiceToken());
  }

  @State(SERVICE_TOKEN_EXPIRED)
  Map<String, Object> expiredServiceToken() {
    return Map.of(API_KEY, WychSimulatorOptions.SANDBOX_API_KEY, SERVICE_TOKEN, control.issueExpiredServiceToken());
  }

  @State(NO_USER_WITH_EMAIL)
  void noUserWithEmail() {
    // The simulator starts empty for every interaction: nobody is registered yet.
  }

  @State(USER_WITH_EMAIL)
  Map<String, Object> userWithEmail(Map<String, Object> params) {
    return Map.of(USER_ID, control.registerUser(email(params)).toString());
  }

  @State(USER_TOKEN_VALID)
  Map<String, Object> validUserToken(Map<String, Object> params) {
    UUID user = control.registerUser(email(params));
    return Map.of(API_KEY, WychSimulatorOptions.SANDBOX_API_KEY, APP_ID, WychSimulatorOptions.SANDBOX_APP_ID,
        USER_ID, user.toString(), USER_TOKEN, control.issueUserToken(user));
  }

  @State(USER_TOKEN_EXPIRED)
  Map<String, Object> expiredUserToken(Map<String, Object> params) {
    UUID user = control.registerUser(email(params));
    return Map.of(API_KEY, WychSimulatorOptions.SANDBOX_API_KEY, USER_ID, user.toString(),
        USER_TOKEN, control.issueExpiredUserToken(user));
  }

  @State(DATA_HOLDER_CONNECTABLE)
  void connectableDataHolder(Map<String, Object> params) {
    requireListed(params, true);
  }

  @State(DATA_HOLDER_NOT_CONNECTABLE)
  void nonConnectableDataHolder(Map<String, Object> params) {
    requireListed(params, false);
  }

  @State(CONNECTION_PENDING)
  Map<String, Object> pendingConnection(Map<String, Object> params) {
    UUID user = control.registerUser(email(params));
    return Map.of(CONNECTION_ID,
        control.createPendingConnection(user, dataHolder(params), EXAMPLE_SCOPES).toString());
  }

  @State(CONNECTION_ACTIVE)
  Map<String, Object> activeConnection(Map<String, Object> params) {
    UUID user = control.registerUser(email(params));
    return Map.of(CONNECTION_ID,
        control.createActiveConnection(user, dataHolder(params), EXAMPLE_SCOPES).toString());
  }

  @State(CONNECTION_WITH_DATA)
  Map<String, Object> connectionWithData(Map<String, Object> params) {
    UUID connection = control.createActiveConnection(control.registerUser(email(params)), dataHolder(params),
        EXAMPLE_SCOPES);
    return dataValues(connection);
  }

  @State(CONNECTION_DISCONNECTED)
  Map<String, Object> disconnectedConnection(Map<String, Object> params) {
    UUID connection = control.createActiveConnection(control.registerUser(email(params)), dataHolder(params),
        EXAMPLE_SCOPES);
    Map<String, Object> values = dataValues(connection);
    control.disconnect(connection);
    return values;
  }

  @State(CONNECTION_EXPIRED)
  Map<String, Object> expiredConnection(Map<String, Object> params) {
    UUID connection = control.createActiveConnection(control.registerUser(email(params)), dataHolder(params),
        EXAMPLE_SCOPES);
    control.expire(connection);
    return Map.of(CONNECTION_ID, connection.toString());
  }

  private Map<String, Object> dataValues(UUID connection) {
    return Map.of(CONNECTION_ID, connection.toString(),
        ACCOUNT_ID, control.book(connection).orElseThrow().accounts().get(0).id());
  }

  @State(NO_CONNECTION)
  void noConnection() {
    // The simulator starts empty for every interaction: it knows no connection at all.
  }

  @State(WYCH_FAILING)
  void wychFailing() {
    control.simulateOutage(true);
  }

  /** The simulator's catalogue must already hold the fact: its data holders are fixed. */
  private void requireListed(Map<String, Object> params, boolean connectable) {
    Optional<Boolean> listed = control.connectable(dataHolder(params));
    if (!listed.equals(Optional.of(connectable))) {
      throw new IllegalStateException("The simulator's data holder " + params.get(DATA_HOLDER_ID)
          + (connectable ? " is not connectable" : " is not listed as non-connectable") + ": " + listed);
    }
  }

  private static String email(Map<String, Object> params) {
    return (String) params.get(EMAIL);
  }

  private static UUID dataHolder(Map<String, Object> params) {
    return UUID.fromString((String) params.get(DATA_HOLDER_ID));
  }
}
