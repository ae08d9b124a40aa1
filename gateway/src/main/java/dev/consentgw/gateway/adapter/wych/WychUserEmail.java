package dev.consentgw.gateway.adapter.wych;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The email the adapter registers an end user under at Wych. Wych keys users by email only; the
 * gateway never forwards the real address: it would hand personal data to a third party the
 * tenant's user never agreed to share it with, and one address used at two tenants would merge two
 * people into one Wych user. Instead the address is derived from the tenant-scoped user reference:
 * stable (the same user always maps to the same Wych user), distinct per tenant, not reversible,
 * and on a domain that can never receive mail.
 */
final class WychUserEmail {

  /** Domain separation, so the hash is not the one some other system derives from the same reference. */
  private static final byte[] CONTEXT = "consent-gateway/wych-user/v1:".getBytes(StandardCharsets.UTF_8);
  /** 128 bits of the digest: collisions are out of reach, and the local part stays well under 64 characters. */
  private static final int DIGEST_BYTES = 16;

  private final String domain;

  WychUserEmail(String domain) {
    this.domain = domain;
  }

  String forReference(String userReference) {
    MessageDigest sha256 = sha256();
    sha256.update(CONTEXT);
    byte[] digest = sha256.digest(userReference.getBytes(StandardCharsets.UTF_8));
    return "u-" + HexFormat.of().formatHex(digest, 0, DIGEST_BYTES) + "@" + domain;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
    }
  }
}
