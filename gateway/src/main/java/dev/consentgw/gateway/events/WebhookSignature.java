package dev.consentgw.gateway.events;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(secret, id + "." + timestamp + "." + body)>},
 * the secret being the base64 part of {@code whsec_<base64>}.
 */
public final class WebhookSignature {

  private static final String PREFIX = "whsec_";
  private static final int MIN_SECRET_BYTES = 24;

  private final byte[] key;

  private WebhookSignature(byte[] key) {
    this.key = key;
  }

  /** @param secret {@code whsec_<base64>} */
  public static WebhookSignature of(String secret) {
    if (!isSecret(secret)) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    return new WebhookSignature(Base64.getDecoder().decode(secret.substring(PREFIX.length())));
  }

  static boolean isSecret(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(secret.substring(PREFIX.length())).length >= MIN_SECRET_BYTES;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code webhook-signature} header value. */
  public String sign(String id, long timestampSeconds, String body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(id + "." + timestampSeconds + "." + body));
  }

  /**
   * Whether {@code header} (space-separated signatures, as receivers must accept) holds a valid
   * {@code v1} signature of this message. Compared in constant time.
   */
  public boolean verify(String id, long timestampSeconds, String body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = mac(id + "." + timestampSeconds + "." + body);
    for (String candidate : header.trim().split(" +")) {
      if (candidate.startsWith("v1,")) {
        try {
          if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
            return true;
          }
        } catch (IllegalArgumentException e) {
          // not base64: not this one
        }
      }
    }
    return false;
  }

  private byte[] mac(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[<secret>]";
  }
}
