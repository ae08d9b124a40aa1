package dev.consentgw.contracts.yapily;

import au.com.dius.pact.provider.junitsupport.State;
import com.fasterxml.jackson.databind.JsonNode;
import au.com.dius.pact.core.model.Interaction;
import dev.consentgw.contracts.LiveEnvironment;
import dev.consentgw.contracts.LiveHttp;
import dev.consentgw.contracts.LiveStateVariables;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.consentgw.contracts.yapily.YapilyContract.*;

/**
 * The provider states of the Yapily pact on a real Yapily application, set up through Yapily's own
 * API. Which institutions play the pact's parts is configuration: {@value #SINGLE_LEG_INSTITUTION}
 * (default {@code modelo-sandbox}) and {@value #PRE_AUTHORISATION_INSTITUTION} (no default; only the
 * interactions about pre-authorisation need it). States a real Yapily cannot be put into on demand
 * (consents a person approved at a bank, a failing bank, an outage) are filtered out by
 * {@link YapilyLiveProviderIT}, except the account-data states: consent tokens of consents a person
 * approved (one still authorised, one the bank revoked) can be named in the environment, see
 * {@link #DATA_VARIABLES}.
 */
final class LiveYapilyStates {

  static final String BASE_URL = "YAPILY_BASE_URL";
  static final String APPLICATION_ID_VARIABLE = "YAPILY_APPLICATION_ID";
  static final String APPLICATION_SECRET_VARIABLE = "YAPILY_APPLICATION_SECRET";
  static final String SINGLE_LEG_INSTITUTION = "YAPILY_SINGLE_LEG_INSTITUTION_ID";
  static final String PRE_AUTHORISATION_INSTITUTION = "YAPILY_PRE_AUTHORISATION_INSTITUTION_ID";

  /** The consent token of an AUTHORIZED consent to account data, approved by a person at a sandbox bank. */
  static final String LIVE_CONSENT_TOKEN_VARIABLE = "YAPILY_LIVE_CONSENT_TOKEN";
  /** The consent token of a consent to account data that the bank (or the person, at the bank) revoked. */
  static final String LIVE_REVOKED_CONSENT_TOKEN_VARIABLE = "YAPILY_LIVE_REVOKED_CONSENT_TOKEN";
  /** Which variables each data state needs; documented in the README ("Contracts"). */
  static final Map<String, List<String>> DATA_VARIABLES = Map.of(
      DATA_CONSENT, List.of(LIVE_CONSENT_TOKEN_VARIABLE),
      DATA_CONSENT_REVOKED_AT_BANK, List.of(LIVE_REVOKED_CONSENT_TOKEN_VARIABLE));

  private static final String DEFAULT_SINGLE_LEG_INSTITUTION = "modelo-sandbox";

  private final LiveEnvironment env;
  private final LiveStateVariables live;
  private final LiveHttp http = new LiveHttp();

  LiveYapilyStates(LiveEnvironment env, LiveStateVariables live) {
    this.env = env;
    this.live = live;
    DATA_VARIABLES.forEach((state, variables) -> live.require(state, variables.toArray(String[]::new)));
  }

  static LiveYapilyStates fromEnvironment() {
    return new LiveYapilyStates(LiveEnvironment.require("Yapily", System::getenv, BASE_URL, APPLICATION_ID_VARIABLE,
        APPLICATION_SECRET_VARIABLE), new LiveStateVariables(System::getenv));
  }

  /** Why the interaction cannot run against this Yapily (a data state without its real consent); else empty. */
  Optional<String> skipReason(Interaction interaction) {
    return live.skipReason(interaction);
  }

  String baseUrl() {
    return env.get(BASE_URL);
  }

  @State(CREDENTIALS_VALID)
  Map<String, Object> validCredentials() {
    return Map.of(AUTHORIZATION, authorization());
  }

  @State(CREDENTIALS_INVALID)
  Map<String, Object> invalidCredentials() {
    return Map.of(AUTHORIZATION, basic(env.get(APPLICATION_ID_VARIABLE), "not-the-application-secret"));
  }

  @State(INSTITUTION_SINGLE_LEG)
  Map<String, Object> singleLegInstitution() {
    String configured = System.getenv(SINGLE_LEG_INSTITUTION);
    return Map.of(INSTITUTION_ID, configured == null || configured.isBlank() ? DEFAULT_SINGLE_LEG_INSTITUTION
        : configured.trim());
  }

  @State(INSTITUTION_PRE_AUTHORISATION)
  Map<String, Object> preAuthorisingInstitution() {
    String configured = System.getenv(PRE_AUTHORISATION_INSTITUTION);
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException("Set " + PRE_AUTHORISATION_INSTITUTION
          + " to an institution of the Yapily application that requires pre-authorisation");
    }
    return Map.of(INSTITUTION_ID, configured.trim());
  }

  /** A real authorised consent, named in the environment by its token; its first account plays the pact's. */
  @State(DATA_CONSENT)
  Map<String, Object> dataConsent() throws Exception {
    String token = live.get(LIVE_CONSENT_TOKEN_VARIABLE);
    JsonNode accounts = http.send("GET", baseUrl() + "/accounts", Map.of("Authorization", authorization(),
        "consent", token), null).path("data");
    if (accounts.isEmpty()) {
      throw new IllegalStateException(LIVE_CONSENT_TOKEN_VARIABLE + " names a consent without accounts");
    }
    return Map.of(CONSENT_TOKEN, token, ACCOUNT_ID, accounts.get(0).path("id").asText());
  }

  /** A real consent the bank revoked; the pact asks only for its accounts, so no account id is needed. */
  @State(DATA_CONSENT_REVOKED_AT_BANK)
  Map<String, Object> dataConsentRevokedAtBank() {
    return Map.of(CONSENT_TOKEN, live.get(LIVE_REVOKED_CONSENT_TOKEN_VARIABLE));
  }

  @State(NO_CONSENT)
  void noConsent() {
    // The pact's consent id was made up for it: Yapily has never issued it.
  }

  /** Yapily can delete users: one left over from an earlier run is removed. */
  @State(NO_USER)
  void noUser(Map<String, Object> params) throws Exception {
    for (JsonNode user : users((String) params.get(APPLICATION_USER_ID))) {
      http.send("DELETE", baseUrl() + "/users/" + user.path("uuid").asText(), headers(), null);
    }
  }

  @State(USER_EXISTS)
  Map<String, Object> existingUser(Map<String, Object> params) throws Exception {
    String applicationUserId = (String) params.get(APPLICATION_USER_ID);
    JsonNode found = users(applicationUserId);
    JsonNode user = found.isEmpty()
        ? http.send("POST", baseUrl() + "/users", headers(), Map.of(APPLICATION_USER_ID, applicationUserId))
        : found.get(0);
    return Map.of(USER_UUID, user.path("uuid").asText());
  }

  private JsonNode users(String applicationUserId) throws Exception {
    return http.send("GET", baseUrl() + "/users?" + URLEncoder.encode("filter[applicationUserId]", StandardCharsets.UTF_8)
        + "=" + URLEncoder.encode(applicationUserId, StandardCharsets.UTF_8), headers(), null);
  }

  private Map<String, String> headers() {
    return Map.of("Authorization", authorization());
  }

  private String authorization() {
    return basic(env.get(APPLICATION_ID_VARIABLE), env.get(APPLICATION_SECRET_VARIABLE));
  }
}
