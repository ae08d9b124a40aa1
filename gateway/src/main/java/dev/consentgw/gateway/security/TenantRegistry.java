package dev.consentgw.gateway.security;

import io.vertx.ext.auth.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants and their API keys. Keys are stored only as SHA-256 hashes: API keys are long random
 * strings, so a fast hash is enough (no salt or stretching is needed against guessing), and the
 * lookup by hash never compares secrets byte by byte.
 */
public final class TenantRegistry {

  /** A tenant with the hashes of the API keys that authenticate as it. */
  public record Registration(Tenant tenant, List<String> apiKeySha256) {
  }

  private final Map<String, Tenant> byKeyHash = new HashMap<>();
  private final Map<String, Tenant> byId = new HashMap<>();

  public TenantRegistry(Collection<Registration> registrations) {
    for (Registration r : registrations) {
      if (byId.put(r.tenant().id(), r.tenant()) != null) {
        throw new IllegalArgumentException("duplicate tenant id " + r.tenant().id());
      }
      for (String hash : r.apiKeySha256()) {
        if (byKeyHash.put(hash.toLowerCase(), r.tenant()) != null) {
          throw new IllegalArgumentException("an API key hash is configured twice (tenant " + r.tenant().id() + ")");
        }
      }
    }
  }

  public Optional<Tenant> authenticate(String apiKey) {
    return Optional.ofNullable(byKeyHash.get(sha256Hex(apiKey)));
  }

  public Optional<Tenant> byId(String tenantId) {
    return Optional.ofNullable(byId.get(tenantId));
  }

  /** The tenant an authenticated caller belongs to (set by {@link ApiKeyAuthHandler}). */
  public Tenant of(User caller) {
    Tenant tenant = caller == null ? null : byId.get(ApiKeyAuthHandler.tenantId(caller));
    if (tenant == null) {
      throw new IllegalStateException("operation reached without an authenticated tenant");
    }
    return tenant;
  }

  public static String sha256Hex(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
