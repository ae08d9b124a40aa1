package dev.consentgw.gateway.sandbox.wych;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's memory: users, issued tokens and connections. Thread-safe, since the gateway may
 * serve the simulator's router from several event loops.
 */
final class WychSandboxState {

  static final String PENDING = "PENDING";
  static final String ACTIVE = "ACTIVE";
  static final String REJECTED = "REJECTED";
  static final String REVOKED = "REVOKED";
  static final String EXPIRED = "EXPIRED";
  static final String DISCONNECTED = "DISCONNECTED";

  /** CDR collection consents last at most 12 months. */
  private static final Duration CONSENT_DURATION = Duration.ofDays(365);
  /** Expired tokens are swept every this many issued tokens. */
  private static final long SWEEP_EVERY = 1024;

  /** An end user of the app. */
  record SandboxUser(UUID id, String email) {

    JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("email", email);
    }
  }

  /** The outcome of a find-or-create. */
  record FoundUser(SandboxUser user, boolean created) {
  }

  /**
   * An issued bearer token.
   *
   * @param user the user a user-context token is locked to; null for the app's service token
   */
  record IssuedToken(UUID user, Instant expiresAt) {

    boolean isService() {
      return user == null;
    }
  }

  /** A connection (a CDR consent) between a user and a data holder. */
  record SandboxConnection(UUID id, UUID user, UUID dataHolder, List<String> scopes, String state, Instant created,
      Instant updated, Instant expiry) {

    SandboxConnection {
      scopes = List.copyOf(scopes);
    }

    SandboxConnection withState(String newState, Instant now) {
      return new SandboxConnection(id, user, dataHolder, scopes, newState, created, now,
          ACTIVE.equals(newState) ? now.plus(CONSENT_DURATION) : expiry);
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject()
          .put("id", id.toString())
          .put("state", state)
          .put("dataholder", dataHolder.toString())
          .put("user", user.toString())
          .put("scopes", new JsonArray(scopes))
          .put("created", created.toString())
          .put("updated", updated.toString());
      if (expiry != null) {
        json.put("expiry", expiry.toString());
      }
      if (ACTIVE.equals(state)) {
        // The sandbox extracts every dataset when the connection becomes active.
        JsonObject extracted = new JsonObject().put("status", "SUCCESS")
            .put("lastSuccess", updated.toString()).put("lastUpdated", updated.toString());
        json.put("connectionState", new JsonObject().put("BANK_ACCOUNT", extracted).put("BANK_BALANCE", extracted)
            .put("BANK_TRANSACTION", extracted).put("USER_INFO", extracted));
      }
      return json;
    }
  }

  /** A connection before and after an attempted change; {@code changed()} tells whether it happened. */
  record Change(SandboxConnection before, SandboxConnection after) {

    boolean changed() {
      return before != after;
    }
  }

  private final ConcurrentMap<String, SandboxUser> usersByEmail = new ConcurrentHashMap<>();
  private final ConcurrentMap<UUID, SandboxUser> usersById = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<UUID, SandboxConnection> connections = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private volatile boolean outage;

  WychSandboxState(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Whether every API call should fail as if Wych were down (see {@link WychSandboxControl}). */
  boolean outage() {
    return outage;
  }

  void outage(boolean down) {
    outage = down;
  }

  /** Forgets every user, token and connection. */
  void clear() {
    connections.clear();
    tokens.clear();
    usersById.clear();
    usersByEmail.clear();
  }

  /** The user with this email (compared case-insensitively), created if new. */
  FoundUser findOrCreateUser(String email) {
    String key = email.toLowerCase(Locale.ROOT);
    SandboxUser candidate = new SandboxUser(UUID.randomUUID(), email);
    SandboxUser user = usersByEmail.computeIfAbsent(key, k -> {
      usersById.put(candidate.id(), candidate);
      return candidate;
    });
    return new FoundUser(user, user == candidate);
  }

  Optional<SandboxUser> user(UUID id) {
    return Optional.ofNullable(usersById.get(id));
  }

  Collection<SandboxUser> users() {
    return usersById.values();
  }

  /** Issues a bearer token: the app's service token when {@code user} is null, else a user-context token. */
  String issueToken(UUID user, Duration lifetime) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = (user == null ? "wsvc." : "wusr.") + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = now();
    tokens.put(token, new IssuedToken(user, now.plus(lifetime)));
    if (issued.incrementAndGet() % SWEEP_EVERY == 0) {
      tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
    }
    return token;
  }

  Optional<IssuedToken> token(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  SandboxConnection createConnection(UUID user, UUID dataHolder, List<String> scopes) {
    Instant now = now().truncatedTo(ChronoUnit.SECONDS);
    SandboxConnection connection = new SandboxConnection(UUID.randomUUID(), user, dataHolder, scopes, PENDING, now,
        now, null);
    connections.put(connection.id(), connection);
    return connection;
  }

  Optional<SandboxConnection> connection(UUID id) {
    return Optional.ofNullable(connections.get(id));
  }

  /** The user's connections, oldest first. */
  List<SandboxConnection> connectionsOf(UUID user) {
    return connections.values().stream().filter(c -> c.user().equals(user))
        .sorted(java.util.Comparator.comparing(SandboxConnection::created)).toList();
  }

  /** Moves the connection to {@code state} if it is in {@code from}; empty when the connection is unknown. */
  Optional<Change> transition(UUID id, Collection<String> from, String state) {
    AtomicReference<SandboxConnection> before = new AtomicReference<>();
    SandboxConnection after = connections.computeIfPresent(id, (k, current) -> {
      before.set(current);
      return from.contains(current.state()) ? current.withState(state, now().truncatedTo(ChronoUnit.SECONDS)) : current;
    });
    return after == null ? Optional.empty() : Optional.of(new Change(before.get(), after));
  }
}
