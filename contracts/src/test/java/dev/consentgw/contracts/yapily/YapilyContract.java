package dev.consentgw.contracts.yapily;

import dev.consentgw.gateway.sandbox.yapily.YapilySandboxInstitutions;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The vocabulary of the gateway's pact with Yapily, shared by the consumer test that writes it and
 * the verifications that replay it: provider-state names (business facts about Yapily's side),
 * their parameters, and the names of the values a provider state injects into requests.
 *
 * <p>Example values are the sandbox simulator's fixed fictitious ones; the matchers, not these
 * values, say what is pinned.
 */
final class YapilyContract {

  // ----------------------------------------------------------------- provider states

  /** Injects {@link #AUTHORIZATION}: HTTP basic with the application id and secret. */
  static final String CREDENTIALS_VALID = "the application credentials are valid";
  /** Injects an {@link #AUTHORIZATION} Yapily does not accept. */
  static final String CREDENTIALS_INVALID = "the application credentials are invalid";
  /** Parameter {@link #INSTITUTION_ID}; injects {@link #INSTITUTION_ID} (a live provider may name its own). */
  static final String INSTITUTION_SINGLE_LEG = "the institution offers account data through a single authorisation";
  /** Parameter {@link #INSTITUTION_ID}; injects {@link #INSTITUTION_ID}. */
  static final String INSTITUTION_PRE_AUTHORISATION = "the institution requires pre-authorisation";
  /** Parameter {@link #INSTITUTION_ID}; injects {@link #INSTITUTION_ID}. */
  static final String BANK_FAILING = "the bank behind the institution is failing";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}, {@link #CONSENT_TOKEN}. */
  static final String CONSENT_AUTHORISED = "the user has an authorised consent at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}, {@link #CONSENT_TOKEN}. */
  static final String CONSENT_PRE_AUTHORISED = "the user has a pre-authorised consent at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #ONE_TIME_TOKEN}. */
  static final String ONE_TIME_TOKEN_FOR_AUTHORISED =
      "a one-time token was issued for the user's authorised consent at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #ONE_TIME_TOKEN}. */
  static final String ONE_TIME_TOKEN_FOR_PRE_AUTHORISED =
      "a one-time token was issued for the user's pre-authorised consent at the institution";
  /** Parameter {@link #CONSENT_ID}. */
  static final String CONSENT_EXPIRED = "the user's consent at the institution has expired";
  static final String CONSENT_DELETED_BY_BANK = "the bank deleted the user's consent at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_BEING_RENEWED = "the user is renewing the authorised consent at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String PRE_AUTHORISATION_CONSUMED =
      "the user's pre-authorised consent at the institution was used up by the second leg";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_AWAITING_DECOUPLED_APPROVAL =
      "the user's consent at the institution awaits approval in the banking app";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_AWAITING_AUTHORISATION =
      "the user has not yet answered the authorisation request at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_REJECTED = "the user refused the authorisation request at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_REVOKED = "the application revoked the user's consent at the institution";
  static final String NO_CONSENT = "no consent has the id";
  /** Parameter {@link #APPLICATION_USER_ID}. */
  static final String NO_USER = "the application has no user with the application user id";
  /** Parameter {@link #APPLICATION_USER_ID}; injects {@link #USER_UUID}. */
  static final String USER_EXISTS = "the application has a user with the application user id";
  static final String YAPILY_FAILING = "Yapily is failing with server errors";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_TOKEN}, {@link #ACCOUNT_ID}. */
  static final String DATA_CONSENT = "the user has an authorised consent to account data at the institution";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_TOKEN}, {@link #ACCOUNT_ID}. */
  static final String DATA_CONSENT_REVOKED_AT_BANK = "the bank revoked the user's consent to account data";
  /** Parameters {@link #APPLICATION_USER_ID}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_TOKEN}, {@link #ACCOUNT_ID}. */
  static final String DATA_BANK_FAILING = "the bank behind the user's consent to account data is failing";

  // ----------------------------------------------------------- parameters and injected values

  static final String AUTHORIZATION = "authorization";
  static final String INSTITUTION_ID = "institutionId";
  static final String APPLICATION_USER_ID = "applicationUserId";
  static final String CONSENT_ID = "consentId";
  static final String CONSENT_TOKEN = "consentToken";
  static final String ONE_TIME_TOKEN = "oneTimeToken";
  static final String USER_UUID = "userUuid";
  static final String ACCOUNT_ID = "accountId";

  // ----------------------------------------------------------------- example values

  static final String EXAMPLE_AUTHORIZATION = basic(YapilySimulatorOptions.SANDBOX_APPLICATION_ID,
      YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET);
  /** The tenant-scoped reference the gateway sends as {@code applicationUserId}. */
  static final String USER_REFERENCE = "acme:user-42";
  static final String SINGLE_LEG_BANK = YapilySandboxInstitutions.THISTLE;
  static final String PRE_AUTHORISATION_BANK = YapilySandboxInstitutions.BRUECKENBANK;
  static final String FAILING_BANK = YapilySandboxInstitutions.FERROUS;
  static final String EXAMPLE_CONSENT_ID = "3f2b7c1d-8e4a-4b6f-9c2d-5a1e7b3c9d40";
  static final String EXAMPLE_UNKNOWN_CONSENT_ID = "6e0d2c4b-1a3f-4e5d-8c7b-9a0f1e2d3c4b";
  static final String EXAMPLE_USER_UUID = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
  static final String EXAMPLE_CONSENT_TOKEN = "eyJhbGciOiJIUzI1NiJ9.ZXhhbXBsZS1jb25zZW50LXRva2Vu.c2lnbmF0dXJl";
  static final String EXAMPLE_ONE_TIME_TOKEN = "b3RwLWV4YW1wbGUtb25lLXRpbWUtdG9rZW4";
  /** The gateway's callback, carrying the journey's one-time token. */
  static final String EXAMPLE_CALLBACK =
      "https://gateway.example/v1/callbacks/yapily?journey=Xq3vN8bLr2TzW5yKc7HmD1sFa9GpJ4eQ0uVxYiO6nBk";
  /** What the example journey asks for (accounts and transactions), in the order the gateway sends it. */
  static final List<String> EXAMPLE_FEATURES = List.of("ACCOUNTS", "ACCOUNT", "ACCOUNT_TRANSACTIONS");
  /** The same at the pre-authorising bank, which the catalogue says offers ACCOUNTS but not ACCOUNT. */
  static final List<String> PRE_AUTHORISATION_FEATURES = List.of("ACCOUNTS", "ACCOUNT_TRANSACTIONS");
  /** Every account-data feature, for the consents the data interactions read with. */
  static final List<String> DATA_FEATURES =
      List.of("ACCOUNTS", "ACCOUNT", "ACCOUNT_BALANCES", "ACCOUNT_TRANSACTIONS", "IDENTITY");
  static final String EXAMPLE_ACCOUNT_ID = "700004000000000000000001";

  /** The gateway's journey token as a forwarded parameter, the callback URL's own {@code journey=} pair. */
  static final String EXAMPLE_FORWARDED_JOURNEY = "journey=Xq3vN8bLr2TzW5yKc7HmD1sFa9GpJ4eQ0uVxYiO6nBk";
  static final String FORWARDED_JOURNEY_REGEX = "^journey=[A-Za-z0-9_-]{20,}$";
  /** When the example user reconfirmed (not in the future, whenever the pact is verified). */
  static final String EXAMPLE_CONFIRMED_AT = "2025-06-03T09:12:41Z";

  static final String BASIC_REGEX = "^Basic [A-Za-z0-9+/=]+$";
  static final String CALLBACK_REGEX = "^https?://\\S+/v1/callbacks/yapily\\?journey=[A-Za-z0-9_-]{20,}$";
  static final String APPLICATION_USER_ID_REGEX = "^[A-Za-z0-9._~@:+-]{1,200}$";
  static final String INSTITUTION_ID_REGEX = "^[A-Za-z0-9._~-]{1,128}$";

  private YapilyContract() {
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
