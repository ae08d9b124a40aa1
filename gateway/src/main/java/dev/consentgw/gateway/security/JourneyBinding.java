package dev.consentgw.gateway.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Binds a journey to the browser that started it, for providers whose callback names only their own
 * connection id (Wych): anyone who saw that id could send the callback. Two HMAC-SHA256 values per
 * journey, each over the consent id and the journey's token hash (so a new journey, or a new leg,
 * gets new values), under different labels so one cannot stand in for the other: the hop token in
 * the entry URL handed to the tenant, and the cookie value the hop sets and the callback requires.
 */
public final class JourneyBinding {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String HOP = "consent-gateway journey hop v1";
  private static final String COOKIE = "consent-gateway journey cookie v1";
  /** Base64url without padding of a 32-byte MAC. */
  public static final int TOKEN_LENGTH = 43;

  private final ThreadLocal<Mac> macs;

  /** @param key at least 32 bytes of secret key material */
  public JourneyBinding(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the journey binding key must be at least 32 bytes (256 bits)");
    }
    SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
    // Mac is not thread-safe; one per event-loop thread, made once.
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 is not available", e);
      }
    });
  }

  /**
   * A key derived from another secret (the token encryption key), for when no binding key is
   * configured: nodes sharing that secret agree on bindings.
   */
  public static JourneyBinding derivedFrom(byte[] secret) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return new JourneyBinding(mac.doFinal("consent-gateway journey binding key v1".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** The token in the journey's entry URL. */
  public String hopToken(String consentId, String journeyTokenHash) {
    return mac(HOP, consentId, journeyTokenHash);
  }

  /** The value of the cookie the entry URL sets. */
  public String cookieValue(String consentId, String journeyTokenHash) {
    return mac(COOKIE, consentId, journeyTokenHash);
  }

  /** Whether {@code presented} is the entry URL's token for this journey (constant time). */
  public boolean hopMatches(String presented, String consentId, String journeyTokenHash) {
    return same(presented, hopToken(consentId, journeyTokenHash));
  }

  /** Whether {@code presented} is the cookie value for this journey (constant time). */
  public boolean cookieMatches(String presented, String consentId, String journeyTokenHash) {
    return same(presented, cookieValue(consentId, journeyTokenHash));
  }

  private String mac(String label, String consentId, String journeyTokenHash) {
    Mac mac = macs.get();
    // NUL separators: no value contains one, so (label, id, hash) triples cannot collide.
    byte[] input = (label + '\0' + consentId + '\0' + journeyTokenHash).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input));
  }

  private static boolean same(String presented, String expected) {
    return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }
}
