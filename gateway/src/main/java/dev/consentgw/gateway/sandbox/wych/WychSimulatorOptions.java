package dev.consentgw.gateway.sandbox.wych;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * What the Wych simulator accepts and where it sends the browser back.
 *
 * @param apiKey the app's API key the simulator accepts
 * @param clientId the app's client id
 * @param clientSecret the app's client secret
 * @param partnerId the partner's id (a UUID)
 * @param appId the app's id (a UUID)
 * @param callbackUrl the app's callback URL, fixed per app as at Wych: the gateway's absolute
 *     {@code /v1/callbacks/wych} URL
 * @param tokenLifetime how long issued tokens (service and user-context) stay valid
 * @param extraDataHolders how many additional fictitious connectable banks to list (load tests)
 */
public record WychSimulatorOptions(
    String apiKey,
    String clientId,
    String clientSecret,
    String partnerId,
    String appId,
    String callbackUrl,
    Duration tokenLifetime,
    int extraDataHolders) {

  /** The sandbox's fixed credentials: fictitious, published, and only ever valid against the simulator. */
  public static final String SANDBOX_API_KEY = "sandbox-wych-api-key";
  public static final String SANDBOX_CLIENT_ID = "consent-gateway-sandbox";
  public static final String SANDBOX_CLIENT_SECRET = "sandbox-wych-client-secret";
  public static final String SANDBOX_PARTNER_ID = "7e57ab1e-9a27-4000-8000-000000000001";
  public static final String SANDBOX_APP_ID = "7e57ab1e-a990-4000-8000-000000000001";
  /** Wych's service tokens last 60 minutes. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(60);

  public WychSimulatorOptions {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(callbackUrl, "callbackUrl");
    UUID.fromString(Objects.requireNonNull(partnerId, "partnerId"));
    UUID.fromString(Objects.requireNonNull(appId, "appId"));
    tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
    if (tokenLifetime.toSeconds() < 1) {
      throw new IllegalArgumentException("tokenLifetime must be at least one second: " + tokenLifetime);
    }
    if (extraDataHolders < 0) {
      throw new IllegalArgumentException("extraDataHolders must not be negative: " + extraDataHolders);
    }
  }

  /** The sandbox's fixed credentials, hour-long tokens and only the fixed data holders. */
  public static WychSimulatorOptions sandbox(String callbackUrl) {
    return new WychSimulatorOptions(SANDBOX_API_KEY, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_PARTNER_ID,
        SANDBOX_APP_ID, callbackUrl, DEFAULT_TOKEN_LIFETIME, 0);
  }

  @Override
  public String toString() {
    return "WychSimulatorOptions[apiKey=***, clientId=" + clientId + ", clientSecret=***, partnerId=" + partnerId
        + ", appId=" + appId + ", callbackUrl=" + callbackUrl + ", tokenLifetime=" + tokenLifetime
        + ", extraDataHolders=" + extraDataHolders + "]";
  }
}
