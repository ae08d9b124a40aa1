package dev.consentgw.gateway.journey;

import java.time.Duration;

/**
 * Where a browser entering a bound journey goes next, and the binding cookie to give it.
 *
 * @param location the provider's authorisation page
 * @param cookieValue the journey's binding, required by its callback
 * @param maxAge how long the journey link is still valid (the cookie lives no longer)
 * @param cookiePath the provider's callback path: the only requests the cookie is sent with
 * @param secure whether the gateway is reached over https (the cookie is then Secure)
 */
public record JourneyEntry(String location, String cookieValue, Duration maxAge, String cookiePath, boolean secure) {

  @Override
  public String toString() {
    return "JourneyEntry[" + cookiePath + ", cookie redacted]";
  }
}
