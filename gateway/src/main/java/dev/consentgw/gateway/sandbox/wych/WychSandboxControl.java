package dev.consentgw.gateway.sandbox.wych;

import dev.consentgw.gateway.sandbox.SandboxLedger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Direct access to the Wych simulator's state, for tests that must put it into a known situation
 * before a request (the provider states of contract verification). Nothing here is reachable over
 * HTTP. Connections and users are created through the same state transitions the API and the bank
 * page use, so a seeded connection is indistinguishable from one made by a journey.
 */
public final class WychSandboxControl {

  private final WychSandboxState state;
  private final WychSandboxCatalogue catalogue;
  private final WychSimulatorOptions options;
  private final SandboxLedger ledger;

  WychSandboxControl(WychSandboxState state, WychSandboxCatalogue catalogue, WychSimulatorOptions options,
      SandboxLedger ledger) {
    this.state = state;
    this.catalogue = catalogue;
    this.options = options;
    this.ledger = ledger;
  }

  /** The customer (or the data holder) ends an ACTIVE connection: its state becomes DISCONNECTED. */
  public boolean disconnect(UUID connection) {
    return state.transition(connection, Set.of(WychSandboxState.ACTIVE), WychSandboxState.DISCONNECTED)
        .map(WychSandboxState.Change::changed).orElse(false);
  }

  /** An ACTIVE connection reaches the end of its sharing period: its state becomes EXPIRED. */
  public boolean expire(UUID connection) {
    return state.transition(connection, Set.of(WychSandboxState.ACTIVE), WychSandboxState.EXPIRED)
        .map(WychSandboxState.Change::changed).orElse(false);
  }

  /** The simulated data holder's data for the connection's user; empty for an unknown connection. */
  public Optional<SandboxLedger.Book> book(UUID connection) {
    return state.connection(connection)
        .map(c -> ledger.book(c.user().toString(), c.dataHolder().toString()));
  }

  /** Books a new transaction on one of the connection's accounts; false when there is no such account. */
  public boolean appendTransaction(UUID connection, String accountId, SandboxLedger.Entry entry) {
    return state.connection(connection)
        .map(c -> ledger.append(c.user().toString(), c.dataHolder().toString(), accountId, entry))
        .orElse(false);
  }

  /** Forgets every user, token, connection and appended transaction, and ends a simulated outage. */
  public void reset() {
    ledger.clear();
    state.clear();
    state.outage(false);
  }

  /** While {@code down}, every API call (not the token endpoint, a separate server at Wych) answers 503. */
  public void simulateOutage(boolean down) {
    state.outage(down);
  }

  /** A service token the API accepts. */
  public String issueServiceToken() {
    return state.issueToken(null, options.tokenLifetime());
  }

  /** A service token the API once issued and now rejects as expired. */
  public String issueExpiredServiceToken() {
    return state.issueToken(null, Duration.ZERO);
  }

  /** The user registered under {@code email}, registered now if new. */
  public UUID registerUser(String email) {
    return state.findOrCreateUser(email).user().id();
  }

  /** A user-context token of {@code user} that the API accepts. */
  public String issueUserToken(UUID user) {
    return state.issueToken(requireUser(user), options.tokenLifetime());
  }

  /** A user-context token of {@code user} that the API now rejects as expired. */
  public String issueExpiredUserToken(UUID user) {
    return state.issueToken(requireUser(user), Duration.ZERO);
  }

  /** A new pending connection of {@code user} to a listed data holder, as {@code createConnection} makes it. */
  public UUID createPendingConnection(UUID user, UUID dataHolder, List<String> scopes) {
    requireUser(user);
    if (catalogue.dataHolder(dataHolder).isEmpty()) {
      throw new IllegalArgumentException("The simulator lists no data holder " + dataHolder);
    }
    return state.createConnection(user, dataHolder, scopes).id();
  }

  /** A new connection the user has approved at the data holder, as the bank page's approval leaves it. */
  public UUID createActiveConnection(UUID user, UUID dataHolder, List<String> scopes) {
    UUID connection = createPendingConnection(user, dataHolder, scopes);
    state.transition(connection, Set.of(WychSandboxState.PENDING), WychSandboxState.ACTIVE);
    return connection;
  }

  /** Whether the catalogue lists the data holder and, if so, whether it is connectable. */
  public Optional<Boolean> connectable(UUID dataHolder) {
    return catalogue.dataHolder(dataHolder).map(WychSandboxCatalogue.SandboxDataHolder::connectable);
  }

  private UUID requireUser(UUID user) {
    if (state.user(user).isEmpty()) {
      throw new IllegalArgumentException("The simulator has no user " + user);
    }
    return user;
  }
}
