package dev.consentgw.gateway.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * One-time journey tokens: 256 random bits, URL-safe. Only their SHA-256 hash is stored, so a
 * leaked registry does not let anyone complete a journey.
 */
public final class JourneyTokens {

  /** A freshly minted token and the hash to store. */
  public record Minted(String token, String hash) {
    @Override
    public String toString() {
      return "JourneyToken[redacted]";
    }
  }

  private static final int TOKEN_BYTES = 32;
  private final SecureRandom random = new SecureRandom();

  public Minted mint() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Minted(token, hash(token));
  }

  public String hash(String token) {
    return TenantRegistry.sha256Hex(token);
  }

  /** A random URL-safe id with the given number of random bytes (e.g. for consent ids). */
  public String randomId(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
