package dev.consentgw.gateway.sandbox.yapily;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The simulator's memory: users, authorisations/consents, and the one-time tokens and bank sessions
 * pointing at them. Shared by every router the simulator hands out (possibly on several event
 * loops), so each operation runs under the instance's lock; none of them blocks or does I/O.
 */
final class YapilySandboxState {

  /** Yapily's one-time tokens are meant to be exchanged right after the redirect. */
  static final Duration ONE_TIME_TOKEN_LIFETIME = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a decision at the bank page led to. */
  enum Outcome { UNKNOWN, ALREADY_DECIDED, DECIDED }

  /**
   * @param consent the consent after the decision (null when unknown)
   * @param oneTimeToken the token for the callback when the consent asked for one and was approved
   */
  record Decision(Outcome outcome, SimulatedConsent consent, String oneTimeToken) {
    @Override
    public String toString() {
      return "Decision[" + outcome + "]";
    }
  }

  /** A removed user with the consents removed along with it. */
  record DeletedUser(SimulatedUser user, List<SimulatedConsent> consents) {
  }

  private record OneTimeToken(UUID consentId, Instant expiresAt) {
  }

  private final Clock clock;
  private final Duration consentLifetime;
  private final UUID applicationUuid;
  private final Map<String, SimulatedUser> usersById = new HashMap<>();
  private final Map<UUID, SimulatedUser> usersByUuid = new HashMap<>();
  private final Map<UUID, SimulatedConsent> consents = new LinkedHashMap<>();
  private final Map<String, UUID> consentsByToken = new HashMap<>();
  private final Map<String, UUID> consentsByBankSession = new HashMap<>();
  private final Map<String, OneTimeToken> oneTimeTokens = new HashMap<>();
  private volatile boolean outage;
  /** Consents the bank revoked behind Yapily's back: Yapily still reads them AUTHORIZED, data calls get 403. */
  private final Set<UUID> revokedAtBank = new HashSet<>();
  /** Institutions whose data calls fail at the bank (424 with an institutionError). */
  private final Set<String> failingBanks = new HashSet<>();
  /** Institutions whose second leg is approved in the banking app (decoupled), not on a bank page. */
  private final Set<String> decoupledBanks = new HashSet<>();
  /** What each authorisation asked to have forwarded to its callback ({@code forwardParameters}). */
  private final Map<UUID, List<String>> forwardParameters = new HashMap<>();
  /** Reconfirmations reported with {@code POST /consents/{id}/extend}. */
  private final Map<UUID, Instant> reconfirmations = new HashMap<>();
  /** Institutions that refuse to renew consents ({@code PATCH /account-auth-requests} answers 400). */
  private final Set<String> banksRefusingRenewal = new HashSet<>();
  /** Whether the redirect to a callback keeps the query the callback URL came with (Yapily does not say). */
  private volatile boolean keepCallbackQuery = true;

  YapilySandboxState(String applicationId, Duration consentLifetime, Clock clock) {
    this.clock = clock;
    this.consentLifetime = consentLifetime;
    this.applicationUuid = UUID.nameUUIDFromBytes(("yapily-sandbox:" + applicationId).getBytes(StandardCharsets.UTF_8));
  }

  Instant now() {
    return clock.instant();
  }

  /** Whether every API call should fail as if Yapily were down (see {@link YapilySandboxControl}). */
  boolean outage() {
    return outage;
  }

  void outage(boolean down) {
    outage = down;
  }

  /** Forgets every user, consent, bank session and one-time token. */
  synchronized void clear() {
    usersById.clear();
    usersByUuid.clear();
    consents.clear();
    consentsByToken.clear();
    consentsByBankSession.clear();
    oneTimeTokens.clear();
    revokedAtBank.clear();
    failingBanks.clear();
    decoupledBanks.clear();
    banksRefusingRenewal.clear();
    forwardParameters.clear();
    reconfirmations.clear();
    keepCallbackQuery = true;
  }

  // ------------------------------------------------------- callbacks, decoupled

  boolean keepCallbackQuery() {
    return keepCallbackQuery;
  }

  void keepCallbackQuery(boolean keep) {
    keepCallbackQuery = keep;
  }

  synchronized void rememberForwardParameters(UUID consentId, List<String> parameters) {
    if (!parameters.isEmpty()) {
      forwardParameters.put(consentId, List.copyOf(parameters));
    }
  }

  synchronized List<String> forwardParameters(UUID consentId) {
    return forwardParameters.getOrDefault(consentId, List.of());
  }

  synchronized void refuseRenewal(String institutionId, boolean refusing) {
    if (refusing) {
      banksRefusingRenewal.add(institutionId);
    } else {
      banksRefusingRenewal.remove(institutionId);
    }
  }

  synchronized boolean refusesRenewal(String institutionId) {
    return banksRefusingRenewal.contains(institutionId);
  }

  synchronized void decoupled(String institutionId, boolean decoupled) {
    if (decoupled) {
      decoupledBanks.add(institutionId);
    } else {
      decoupledBanks.remove(institutionId);
    }
  }

  synchronized boolean decoupled(String institutionId) {
    return decoupledBanks.contains(institutionId);
  }

  /** A new authorisation the user approves in the banking app: no bank page, no callback. */
  synchronized SimulatedConsent awaitDecoupledApproval(UUID id) {
    return replace(consents.get(id).withStatus(SimulatedConsent.AWAITING_DECOUPLED_AUTHORIZATION));
  }

  /** The user approves in the banking app; empty when the consent is not waiting for that. */
  synchronized Optional<SimulatedConsent> approveDecoupled(UUID id) {
    SimulatedConsent consent = consents.get(id);
    if (consent == null || !SimulatedConsent.AWAITING_DECOUPLED_AUTHORIZATION.equals(consent.status())) {
      return Optional.empty();
    }
    Instant now = now();
    String token = randomToken(32);
    SimulatedConsent authorised = replace(consent.authorised(SimulatedConsent.AUTHORIZED, token, now,
        expiry(now, consent.requestedExpiresAt())));
    consentsByToken.put(token, id);
    return Optional.of(authorised);
  }

  // ---------------------------------------------------------- reconfirmations

  /** Records a reconfirmation; empty when the consent is unknown. */
  synchronized Optional<SimulatedConsent> reconfirm(UUID id, Instant confirmedAt) {
    SimulatedConsent consent = consents.get(id);
    if (consent == null) {
      return Optional.empty();
    }
    reconfirmations.put(id, confirmedAt);
    return Optional.of(consent);
  }

  synchronized Optional<Instant> reconfirmedAt(UUID id) {
    return Optional.ofNullable(reconfirmations.get(id));
  }

  // ------------------------------------------------------------- data faults

  synchronized boolean revokeAtBank(UUID consentId) {
    return consents.containsKey(consentId) && revokedAtBank.add(consentId);
  }

  synchronized boolean revokedAtBank(UUID consentId) {
    return revokedAtBank.contains(consentId);
  }

  /** Ends an authorised consent as if its time ran out; false when there is no such consent. */
  synchronized boolean expire(UUID consentId) {
    SimulatedConsent consent = consents.get(consentId);
    if (consent == null) {
      return false;
    }
    consents.put(consentId, consent.withStatus(SimulatedConsent.EXPIRED));
    return true;
  }

  synchronized void failBank(String institutionId, boolean failing) {
    if (failing) {
      failingBanks.add(institutionId);
    } else {
      failingBanks.remove(institutionId);
    }
  }

  synchronized boolean bankFailing(String institutionId) {
    return failingBanks.contains(institutionId);
  }

  // ------------------------------------------------------------------- users

  /** Creates the user; empty when the application already has one with that id. */
  synchronized Optional<SimulatedUser> addUser(String applicationUserId) {
    if (usersById.containsKey(applicationUserId)) {
      return Optional.empty();
    }
    return Optional.of(createUser(applicationUserId));
  }

  /** Yapily creates the user an authorisation names when it does not know it yet. */
  synchronized SimulatedUser userFor(String applicationUserId) {
    SimulatedUser user = usersById.get(applicationUserId);
    return user != null ? user : createUser(applicationUserId);
  }

  synchronized Optional<SimulatedUser> user(UUID uuid) {
    return Optional.ofNullable(usersByUuid.get(uuid));
  }

  /** The users with these application user ids; all users when none are given. */
  synchronized List<SimulatedUser> users(Collection<String> applicationUserIds) {
    if (applicationUserIds.isEmpty()) {
      return new ArrayList<>(usersById.values());
    }
    return applicationUserIds.stream().distinct().map(usersById::get).filter(Objects::nonNull).toList();
  }

  /** Deletes the user and every consent it had. */
  synchronized Optional<DeletedUser> deleteUser(UUID uuid) {
    SimulatedUser user = usersByUuid.remove(uuid);
    if (user == null) {
      return Optional.empty();
    }
    usersById.remove(user.applicationUserId());
    List<SimulatedConsent> removed = consents.values().stream().filter(c -> c.user().uuid().equals(uuid)).toList();
    removed.forEach(c -> forget(c.id()));
    return Optional.of(new DeletedUser(user, removed));
  }

  private SimulatedUser createUser(String applicationUserId) {
    SimulatedUser user = new SimulatedUser(UUID.randomUUID(), applicationUuid, applicationUserId, now());
    usersById.put(applicationUserId, user);
    usersByUuid.put(user.uuid(), user);
    return user;
  }

  // ----------------------------------------------------------------- consents

  /** A new authorisation waiting for the user at the bank; its bank session is its own id. */
  synchronized SimulatedConsent createAuthorisation(SimulatedUser user, String institutionId, List<String> features,
      String callback, boolean oneTimeToken, boolean preAuthorisation, Instant requestedExpiresAt) {
    UUID id = UUID.randomUUID();
    SimulatedConsent consent = new SimulatedConsent(id, user, institutionId,
        preAuthorisation ? SimulatedConsent.AWAITING_PRE_AUTHORIZATION : SimulatedConsent.AWAITING_AUTHORIZATION,
        features, null, callback, oneTimeToken, preAuthorisation, id.toString(), HexFormat.of().formatHex(bytes(16)),
        now(), null, null, requestedExpiresAt);
    consents.put(id, consent);
    consentsByBankSession.put(consent.bankSession(), id);
    return consent;
  }

  synchronized Optional<SimulatedConsent> consent(UUID id) {
    return Optional.ofNullable(consents.get(id));
  }

  synchronized Optional<SimulatedConsent> consentByToken(String consentToken) {
    return Optional.ofNullable(consentToken).map(consentsByToken::get).map(consents::get);
  }

  synchronized Optional<SimulatedConsent> consentByBankSession(String session) {
    return Optional.ofNullable(consentsByBankSession.get(session)).map(consents::get);
  }

  /** Matching consents, oldest first. */
  synchronized List<SimulatedConsent> consents(Predicate<SimulatedConsent> filter) {
    return consents.values().stream().filter(filter).toList();
  }

  /** Marks the consent revoked and invalidates its token; empty when unknown. */
  synchronized Optional<SimulatedConsent> revoke(UUID id) {
    SimulatedConsent consent = consents.get(id);
    if (consent == null) {
      return Optional.empty();
    }
    if (consent.consentToken() != null) {
      consentsByToken.remove(consent.consentToken());
    }
    return Optional.of(replace(consent.withStatus(SimulatedConsent.REVOKED)));
  }

  /**
   * Uses up a pre-authorised consent so its token can continue exactly one journey; empty when the
   * consent is not (or no longer) pre-authorised.
   */
  synchronized Optional<SimulatedConsent> consumePreAuthorisation(UUID id) {
    SimulatedConsent consent = consents.get(id);
    if (consent == null || !SimulatedConsent.PRE_AUTHORIZED.equals(consent.status())) {
      return Optional.empty();
    }
    consentsByToken.remove(consent.consentToken());
    return Optional.of(replace(consent.withStatus(SimulatedConsent.CONSUMED)));
  }

  /** Sends an authorised (or expired) consent back to the bank under a new bank session. */
  synchronized Optional<SimulatedConsent> startReauthorisation(UUID id) {
    SimulatedConsent consent = consents.get(id);
    if (consent == null) {
      return Optional.empty();
    }
    String status = consent.statusAt(now());
    if (!status.equals(SimulatedConsent.AUTHORIZED) && !status.equals(SimulatedConsent.EXPIRED)) {
      return Optional.empty();
    }
    consentsByBankSession.remove(consent.bankSession());
    SimulatedConsent reauthorising = consent.reauthorising(UUID.randomUUID().toString());
    consentsByBankSession.put(reauthorising.bankSession(), id);
    return Optional.of(replace(reauthorising));
  }

  /** The user's decision at the bank page of {@code session}. */
  synchronized Decision decide(String session, boolean approve) {
    SimulatedConsent consent = consentByBankSession(session).orElse(null);
    if (consent == null) {
      return new Decision(Outcome.UNKNOWN, null, null);
    }
    if (!consent.awaitingUser() || !consent.bankSession().equals(session)) {
      return new Decision(Outcome.ALREADY_DECIDED, consent, null);
    }
    if (!approve && SimulatedConsent.AWAITING_RE_AUTHORIZATION.equals(consent.status())) {
      // Yapily: a renewal that fails leaves the consent as it was.
      return new Decision(Outcome.DECIDED, replace(consent.withStatus(SimulatedConsent.AUTHORIZED)), null);
    }
    if (!approve) {
      if (consent.consentToken() != null) {
        consentsByToken.remove(consent.consentToken());
      }
      return new Decision(Outcome.DECIDED, replace(consent.withStatus(SimulatedConsent.REJECTED)), null);
    }
    Instant now = now();
    String token = consent.consentToken() != null ? consent.consentToken() : randomToken(32);
    SimulatedConsent authorised = replace(consent.authorised(
        consent.preAuthorisation() ? SimulatedConsent.PRE_AUTHORIZED : SimulatedConsent.AUTHORIZED,
        token, now, expiry(now, consent.requestedExpiresAt())));
    consentsByToken.put(token, authorised.id());
    return new Decision(Outcome.DECIDED, authorised, authorised.oneTimeToken() ? issueOneTimeToken(authorised.id()) : null);
  }

  /** The consent a one-time token stands for; each token works once, and only for a short while. */
  synchronized Optional<SimulatedConsent> redeemOneTimeToken(String token) {
    OneTimeToken entry = oneTimeTokens.remove(token);
    if (entry == null || !now().isBefore(entry.expiresAt())) {
      return Optional.empty();
    }
    return Optional.ofNullable(consents.get(entry.consentId()));
  }

  private String issueOneTimeToken(UUID consentId) {
    Instant now = now();
    oneTimeTokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    String token = randomToken(24);
    oneTimeTokens.put(token, new OneTimeToken(consentId, now.plus(ONE_TIME_TOKEN_LIFETIME)));
    return token;
  }

  /** The configured lifetime, shortened to what the request asked for. */
  private Instant expiry(Instant now, Instant requested) {
    Instant longest = now.plus(consentLifetime);
    return requested != null && requested.isAfter(now) && requested.isBefore(longest) ? requested : longest;
  }

  private SimulatedConsent replace(SimulatedConsent consent) {
    consents.put(consent.id(), consent);
    return consent;
  }

  private void forget(UUID id) {
    SimulatedConsent consent = consents.remove(id);
    if (consent.consentToken() != null) {
      consentsByToken.remove(consent.consentToken());
    }
    consentsByBankSession.remove(consent.bankSession());
    oneTimeTokens.values().removeIf(t -> t.consentId().equals(id));
    forwardParameters.remove(id);
    reconfirmations.remove(id);
  }

  private static String randomToken(int length) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
