package dev.consentgw.contracts.wych;

import dev.consentgw.gateway.sandbox.wych.WychSandboxCatalogue;
import dev.consentgw.gateway.sandbox.wych.WychSimulatorOptions;

import java.util.List;

/**
 * The vocabulary of the gateway's pact with Wych, shared by the consumer test that writes it and
 * the verifications that replay it: provider-state names (business facts about Wych's side),
 * their parameters, and the names of the values a provider state injects into requests.
 *
 * <p>Example values are the sandbox simulator's fixed fictitious ones, so that the pact reads like
 * a real exchange; the requests' matchers, not these values, say what is pinned.
 */
final class WychContract {

  // ----------------------------------------------------------------- provider states

  /** Injects {@link #CLIENT_ID} and {@link #CLIENT_SECRET}. */
  static final String CLIENT_CREDENTIALS_VALID = "the app's client credentials are valid";
  /** Injects {@link #CLIENT_ID} and {@link #CLIENT_SECRET}, which Wych does not accept. */
  static final String CLIENT_CREDENTIALS_INVALID = "the app's client credentials are not accepted";
  /** Injects {@link #API_KEY}, {@link #PARTNER_ID}, {@link #APP_ID} and {@link #SERVICE_TOKEN}. */
  static final String SERVICE_TOKEN_VALID = "the app holds a valid service token";
  /** Injects {@link #API_KEY} and a {@link #SERVICE_TOKEN} Wych issued but no longer accepts. */
  static final String SERVICE_TOKEN_EXPIRED = "the app's service token has expired";
  /**
   * Parameter {@link #EMAIL}; may inject another {@link #EMAIL} (a live Wych cannot forget a user,
   * so it is asked about an address never used before).
   */
  static final String NO_USER_WITH_EMAIL = "no user is registered under the email";
  /** Parameter {@link #EMAIL}; injects {@link #USER_ID}. */
  static final String USER_WITH_EMAIL = "a user is registered under the email";
  /**
   * Parameter {@link #EMAIL}; injects {@link #API_KEY}, {@link #APP_ID}, {@link #USER_ID} and
   * {@link #USER_TOKEN}.
   */
  static final String USER_TOKEN_VALID = "the user registered under the email holds a valid user-context token";
  /** Parameter {@link #EMAIL}; injects {@link #API_KEY} and a {@link #USER_TOKEN} Wych no longer accepts. */
  static final String USER_TOKEN_EXPIRED = "the user-context token of the user registered under the email has expired";
  /** Parameter {@link #DATA_HOLDER_ID}; injects {@link #DATA_HOLDER_ID} (a live provider picks its own). */
  static final String DATA_HOLDER_CONNECTABLE = "a data holder with the id is connectable";
  /** Parameter {@link #DATA_HOLDER_ID}; injects {@link #DATA_HOLDER_ID}. */
  static final String DATA_HOLDER_NOT_CONNECTABLE = "a data holder with the id is listed but not connectable";
  /** Parameters {@link #EMAIL}, {@link #DATA_HOLDER_ID}; injects {@link #CONNECTION_ID}. */
  static final String CONNECTION_PENDING = "the user registered under the email has a pending connection to the data holder";
  /** Parameters {@link #EMAIL}, {@link #DATA_HOLDER_ID}; injects {@link #CONNECTION_ID}. */
  static final String CONNECTION_ACTIVE = "the user registered under the email has an active connection to the data holder";
  /** Parameters {@link #EMAIL}, {@link #DATA_HOLDER_ID}; injects {@link #CONNECTION_ID}. */
  static final String CONNECTION_EXPIRED =
      "the user registered under the email had a connection to the data holder whose sharing period ended";
  /** Parameter {@link #CONNECTION_ID}. */
  static final String NO_CONNECTION = "no connection has the id";
  static final String WYCH_FAILING = "Wych is failing with server errors";
  /** Parameters {@link #EMAIL}, {@link #DATA_HOLDER_ID}; injects {@link #CONNECTION_ID}, {@link #ACCOUNT_ID}. */
  static final String CONNECTION_WITH_DATA =
      "the user registered under the email has an active connection to the data holder with accounts";
  /** Parameters {@link #EMAIL}, {@link #DATA_HOLDER_ID}; injects {@link #CONNECTION_ID}, {@link #ACCOUNT_ID}. */
  static final String CONNECTION_DISCONNECTED =
      "the user registered under the email had a connection to the data holder that was disconnected";

  // ----------------------------------------------------------- parameters and injected values

  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String API_KEY = "apiKey";
  static final String PARTNER_ID = "partnerId";
  static final String APP_ID = "appId";
  static final String SERVICE_TOKEN = "serviceToken";
  static final String USER_TOKEN = "userToken";
  static final String EMAIL = "email";
  static final String USER_ID = "userId";
  static final String DATA_HOLDER_ID = "dataHolderId";
  static final String CONNECTION_ID = "connectionId";
  static final String ACCOUNT_ID = "accountId";

  // ----------------------------------------------------------------- example values

  static final String EXAMPLE_CLIENT_ID = WychSimulatorOptions.SANDBOX_CLIENT_ID;
  static final String EXAMPLE_CLIENT_SECRET = WychSimulatorOptions.SANDBOX_CLIENT_SECRET;
  static final String EXAMPLE_API_KEY = WychSimulatorOptions.SANDBOX_API_KEY;
  static final String EXAMPLE_PARTNER_ID = WychSimulatorOptions.SANDBOX_PARTNER_ID;
  static final String EXAMPLE_APP_ID = WychSimulatorOptions.SANDBOX_APP_ID;
  static final String EXAMPLE_SERVICE_TOKEN = "wsvc.ZXhhbXBsZS1zZXJ2aWNlLXRva2Vu";
  static final String EXAMPLE_USER_TOKEN = "wusr.ZXhhbXBsZS11c2VyLXRva2Vu";
  /** The tenant-scoped reference of the example journey's end user. */
  static final String USER_REFERENCE = "acme:user-42";
  /** The pseudonymous address the adapter derives from {@link #USER_REFERENCE}. */
  static final String EXAMPLE_EMAIL = "u-16b520e743495c644b43a0903af61785@users.consent-gateway.invalid";
  static final String EXAMPLE_USER_ID = "5d2c8e91-4b7a-4f36-8c19-2e6f0a9b7d33";
  static final String EXAMPLE_DATA_HOLDER_ID = WychSandboxCatalogue.KOOKABURRA_MUTUAL_BANK;
  static final String EXAMPLE_NOT_CONNECTABLE_ID = WychSandboxCatalogue.WATTLE_SAVINGS;
  static final String EXAMPLE_ECOSYSTEM_ID = WychSandboxCatalogue.ECOSYSTEM_ID;
  static final String EXAMPLE_CONNECTION_ID = "8f6d4b2a-9c31-4e57-b0a8-6c2e1f7d3b66";
  static final String EXAMPLE_UNKNOWN_CONNECTION_ID = "0f3e9a7c-5b21-4d86-9e4f-1a2b3c4d5e6f";
  static final String EXAMPLE_ACCOUNT_ID = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
  static final String REVOKED_CONSENT = "urn:au-cds:error:cds-all:Authorisation/RevokedConsent";
  /** What the example journey asks for: accounts and transactions. */
  static final List<String> EXAMPLE_SCOPES = List.of("openid", "bank:accounts.basic:read", "bank:transactions:read");

  static final String EMAIL_REGEX = "^u-[0-9a-f]{32}@[A-Za-z0-9.-]+$";
  static final String TOKEN_REGEX = "^[A-Za-z0-9._~+/=-]+$";
  static final String BEARER_REGEX = "^Bearer [A-Za-z0-9._~+/=-]+$";

  private WychContract() {
  }
}
