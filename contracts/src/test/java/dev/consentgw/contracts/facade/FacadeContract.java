package dev.consentgw.contracts.facade;

/**
 * The vocabulary of the example fintech's pact with the gateway's facade, shared by the consumer
 * test that writes it and the verification that replays it against a running gateway.
 */
final class FacadeContract {

  // ----------------------------------------------------------------- provider states

  /** Parameter {@link #INSTITUTION_ID}: the institution is listed, connectable, and offers accounts and transactions. */
  static final String INSTITUTION_OFFERS_ACCOUNTS = "the institution offers accounts and transactions";
  /** Parameters {@link #INSTITUTION_ID}, {@link #PERMISSION}. */
  static final String INSTITUTION_LACKS_PERMISSION = "the institution does not offer the permission";
  /** Parameters {@link #USER_REFERENCE}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}. */
  static final String CONSENT_AUTHORISED = "the user has an authorised consent at the institution";
  /** Parameter {@link #CONSENT_ID}. */
  static final String NO_CONSENT = "the tenant has no consent with the id";
  /** Parameters {@link #USER_REFERENCE}, {@link #INSTITUTION_ID}; injects {@link #CONSENT_ID}, {@link #ACCOUNT_ID}. */
  static final String CONSENT_WITH_DATA =
      "the user has an authorised consent to accounts, balances and transactions at the institution";
  /** Parameter {@link #IDEMPOTENCY_KEY}. */
  static final String IDEMPOTENCY_KEY_USED = "a consent journey was already started with the idempotency key";
  static final String API_KEY_UNKNOWN = "the API key is not one the gateway knows";

  // ----------------------------------------------------------- parameters and injected values

  static final String INSTITUTION_ID = "institutionId";
  static final String PERMISSION = "permission";
  static final String USER_REFERENCE = "userReference";
  static final String CONSENT_ID = "consentId";
  static final String ACCOUNT_ID = "accountId";
  static final String EXAMPLE_ACCOUNT_ID = "700004000000000000000001";
  static final String IDEMPOTENCY_KEY = "idempotencyKey";

  // ----------------------------------------------------------------- example values

  /** The example fintech's API key in the sandbox; the verification registers it for the fintech's tenant. */
  static final String EXAMPLE_API_KEY = "cgw_example_fintech_key_5d8a3c91";
  static final String EXAMPLE_UNKNOWN_API_KEY = "cgw_unknown_key_0000000000000000";
  static final String EXAMPLE_REDIRECT_URL = "https://fintech.example/open-banking/return";
  static final String EXAMPLE_USER_REFERENCE = "user-1042";
  static final String EXAMPLE_INSTITUTION_ID = "yapily:thistle-sandbox";
  /** Offers accounts, balances and transactions, but no customer data. */
  static final String EXAMPLE_PARTIAL_INSTITUTION_ID = "yapily:harbourside-sandbox";
  static final String EXAMPLE_CONSENT_ID = "cns_4Wq9ZkT2mX7bP1sV8yLd";
  static final String EXAMPLE_UNKNOWN_CONSENT_ID = "cns_0NoSuchConsent0000000";
  static final String EXAMPLE_IDEMPOTENCY_KEY = "journey-7f3a1c9e-0001";
  static final String EXAMPLE_REUSED_IDEMPOTENCY_KEY = "journey-7f3a1c9e-0002";

  static final String CONSENT_ID_REGEX = "^[A-Za-z0-9_-]{16,64}$";
  static final String INSTITUTION_ID_REGEX = "^[a-z][a-z0-9-]{1,31}:[A-Za-z0-9._~-]{1,128}$";
  static final String BEARER_REGEX = "^Bearer \\S+$";
  static final String REQUEST_ID_REGEX = "^\\S{1,128}$";
  static final String PROBLEM_CONTENT_TYPE = "^application/problem\\+json.*$";

  private FacadeContract() {
  }
}
