package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.security.RateLimitOptions;
import dev.consentgw.gateway.store.ConsentRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Options and records shared by the lifecycle tests: round numbers so every boundary is visible. */
final class LifecycleFixtures {

  static final Duration TICK = Duration.ofSeconds(5);
  static final Duration LEASE = Duration.ofMinutes(1);
  static final Duration JITTER = Duration.ofSeconds(10);
  static final Duration AWAITING = Duration.ofSeconds(30);
  static final Duration AUTHORIZED = Duration.ofDays(1);
  static final Duration WINDOW = Duration.ofDays(7);
  static final Duration NEAR = Duration.ofHours(6);
  static final Duration RETRY = Duration.ofMinutes(5);
  static final Duration GRACE = Duration.ofMinutes(15);

  private LifecycleFixtures() {
  }

  static LifecycleOptions options() {
    return options(new RateLimitOptions(100, 100));
  }

  static LifecycleOptions options(RateLimitOptions rate) {
    return new LifecycleOptions(true, TICK, 50, LEASE, JITTER, AWAITING, AUTHORIZED, WINDOW, NEAR, RETRY, GRACE,
        rate, Map.of());
  }

  static ConsentRecord.Builder record(String id, ConsentStatus status, Instant now) {
    return ConsentRecord.builder()
        .id(id)
        .tenantId("acme")
        .provider("yapily")
        .institutionId("yapily:thistle")
        .providerInstitutionId("thistle")
        .userReference("user-1")
        .permissions(Set.of(Permission.ACCOUNTS))
        .status(status)
        .createdAt(now)
        .updatedAt(now)
        .providerConsentId("pc-" + id)
        .redirectUrl("https://app.example/return")
        .journeyTokenHash("hash-" + id)
        .journeyExpiresAt(now.plus(Duration.ofMinutes(15)))
        .statusCheckedAt(now)
        .nextRefreshAt(now);
  }
}
