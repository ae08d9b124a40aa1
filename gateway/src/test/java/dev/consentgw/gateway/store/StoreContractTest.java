package dev.consentgw.gateway.store;

import dev.consentgw.gateway.MutableClock;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Permission;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ConsentStore} and {@link IdempotencyStore} must do, run against each
 * implementation by a subclass: the embedded in-memory one and PostgreSQL.
 */
public abstract class StoreContractTest {

  protected static final Duration RETENTION = Duration.ofHours(24);
  protected static final Duration LEASE = Duration.ofSeconds(60);
  /** Whole microseconds: what PostgreSQL keeps of an instant. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));

  /** The stores under test, fresh and empty for each test, on {@link #clock}. */
  protected abstract Stores stores();

  protected ConsentStore consents() {
    return stores().consents();
  }

  protected IdempotencyStore idempotency() {
    return stores().idempotency();
  }

  protected ConsentRecord.Builder consent(String id) {
    Instant now = clock.instant();
    return ConsentRecord.builder()
        .id(id)
        .tenantId("acme")
        .provider("yapily")
        .institutionId("yapily:modelo-sandbox")
        .providerInstitutionId("modelo-sandbox")
        .userReference("user-1")
        .permissions(Set.of(Permission.ACCOUNTS, Permission.TRANSACTIONS))
        .status(ConsentStatus.AWAITING_AUTHORIZATION)
        .createdAt(now)
        .updatedAt(now)
        .expiresAt(now.plus(90, ChronoUnit.DAYS))
        .providerConsentId("pc-" + id)
        .providerState(Map.of("preAuth", "true", "userUuid", "u-9"))
        .authorisationUrl("https://bank.example/authorise/" + id)
        .redirectUrl("https://app.example/return")
        .state("st-" + id)
        .journeyTokenHash("hash-" + id)
        .journeyExpiresAt(now.plus(Duration.ofMinutes(15)))
        .sealedConsentToken("sealed-" + id)
        .errorDescription("0")
        .statusCheckedAt(now);
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---- consents

  @Test
  void aConsentReadsBackAsItWasWritten() {
    ConsentRecord record = consent("cns_1").authorizedAt(clock.instant()).qrCodeUrl("https://qr.example/1")
        .errorCode("e").journeyUsed(true).reauthorisationStartedAt(clock.instant()).build();
    await(consents().insert(record));

    assertThat(await(consents().get("cns_1"))).contains(record);
    assertThat(await(consents().get("cns_unknown"))).isEmpty();
  }

  @Test
  void nullableFieldsStayNull() {
    ConsentRecord record = ConsentRecord.builder().id("cns_min").tenantId("acme").provider("wych")
        .institutionId("wych:bank").providerInstitutionId("bank").userReference("u").permissions(Set.of())
        .status(ConsentStatus.UNKNOWN).createdAt(clock.instant()).updatedAt(clock.instant()).build();
    await(consents().insert(record));

    assertThat(await(consents().get("cns_min"))).contains(record);
  }

  @Test
  void anIdIsInsertedOnce() {
    await(consents().insert(consent("cns_1").build()));

    assertThatThrownBy(() -> await(consents().insert(consent("cns_1").journeyTokenHash("other").build())))
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void updateAppliesTheChangeAndAnswersTheNewValue() {
    await(consents().insert(consent("cns_1").build()));
    Instant later = clock.instant().plusSeconds(5);

    Optional<ConsentRecord> updated = await(consents().update("cns_1",
        r -> r.withStatus(ConsentStatus.AUTHORIZED, later, later, null)));

    assertThat(updated).get().extracting(ConsentRecord::status).isEqualTo(ConsentStatus.AUTHORIZED);
    assertThat(updated.get().authorisationUrl()).isNull();
    assertThat(await(consents().get("cns_1"))).isEqualTo(updated);
    assertThat(await(consents().update("cns_unknown", r -> r.withJourneyUsed()))).isEmpty();
  }

  @Test
  void concurrentUpdatesOfOneConsentNeverLoseAChange() {
    await(consents().insert(consent("cns_1").build()));
    int writers = 40;
    List<Future<Optional<ConsentRecord>>> all = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      all.add(consents().update("cns_1", r -> r.toBuilder()
          .errorDescription(Integer.toString(Integer.parseInt(r.errorDescription()) + 1)).build()));
    }
    await(Future.all(all));

    assertThat(await(consents().get("cns_1")).orElseThrow().errorDescription()).isEqualTo(Integer.toString(writers));
  }

  @Test
  void aJourneyIsRedeemedOnceWhateverTheRace() {
    await(consents().insert(consent("cns_1").build()));
    AtomicInteger winners = new AtomicInteger();
    List<Future<Optional<ConsentRecord>>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(consents().update("cns_1", r -> {
        if (r.journeyUsed()) {
          return r;
        }
        winners.incrementAndGet();
        return r.withJourneyUsed();
      }));
    }
    await(Future.all(all));

    assertThat(winners).hasValue(1);
  }

  @Test
  void theCurrentJourneyTokenFindsItsConsent() {
    await(consents().insert(consent("cns_1").build()));
    await(consents().insert(consent("cns_2").build()));

    assertThat(await(consents().findByJourneyTokenHash("hash-cns_2"))).get()
        .extracting(ConsentRecord::id).isEqualTo("cns_2");
    assertThat(await(consents().findByJourneyTokenHash("hash-none"))).isEmpty();

    Instant now = clock.instant();
    await(consents().update("cns_1", r -> r.withNextLeg(null, Map.of(), "https://bank.example/leg2", "hash-leg2",
        now.plusSeconds(900), now)));
    assertThat(await(consents().findByJourneyTokenHash("hash-cns_1"))).as("the first leg's token is gone").isEmpty();
    assertThat(await(consents().findByJourneyTokenHash("hash-leg2"))).get()
        .extracting(ConsentRecord::id).isEqualTo("cns_1");
  }

  @Test
  void theProvidersIdFindsTheConsentForThatProviderOnly() {
    await(consents().insert(consent("cns_1").provider("wych").providerConsentId("conn-7").build()));

    assertThat(await(consents().findByProviderConsentId("wych", "conn-7"))).get()
        .extracting(ConsentRecord::id).isEqualTo("cns_1");
    assertThat(await(consents().findByProviderConsentId("yapily", "conn-7"))).isEmpty();

    await(consents().update("cns_1", r -> r.withProviderResult("conn-8", Map.of(), null)));
    assertThat(await(consents().findByProviderConsentId("wych", "conn-8"))).get()
        .extracting(ConsentRecord::id).isEqualTo("cns_1");
    // The old id no longer finds it (the memory store used to keep a stale index entry).
    assertThat(await(consents().findByProviderConsentId("wych", "conn-7"))).isEmpty();
  }

  // ---- lifecycle

  @Test
  void lifecycleFieldsReadBackAsWritten() {
    Instant now = clock.instant();
    ConsentRecord record = consent("cns_1").reconfirmBy(now.plus(90, ChronoUnit.DAYS)).lastConfirmedAt(now)
        .statusStale(true).nextRefreshAt(now.plusSeconds(30)).build();
    await(consents().insert(record));

    assertThat(await(consents().get("cns_1"))).contains(record);
    ConsentRecord changed = await(consents().update("cns_1", r -> r.toBuilder().statusStale(false)
        .nextRefreshAt(null).reconfirmBy(now).build())).orElseThrow();
    assertThat(changed.statusStale()).isFalse();
    assertThat(changed.nextRefreshAt()).isNull();
    assertThat(await(consents().get("cns_1"))).contains(changed);
  }

  @Test
  void dueConsentsAreLeasedSoonestFirstOnceUntilTheLeaseEnds() {
    Instant now = clock.instant();
    await(consents().insert(consent("cns_late").nextRefreshAt(now).build()));
    await(consents().insert(consent("cns_early").nextRefreshAt(now.minusSeconds(60)).build()));
    await(consents().insert(consent("cns_future").nextRefreshAt(now.plusMillis(1)).build()));
    await(consents().insert(consent("cns_never").nextRefreshAt(null).build()));
    Instant leaseUntil = now.plus(LEASE);

    assertThat(await(consents().leaseDue(now, leaseUntil, 10))).extracting(ConsentRecord::id)
        .containsExactly("cns_early", "cns_late");
    assertThat(await(consents().leaseDue(now, leaseUntil, 10))).isEmpty();
    assertThat(await(consents().leaseDue(leaseUntil.minusMillis(1), leaseUntil, 10)))
        .extracting(ConsentRecord::id).containsExactly("cns_future");
    assertThat(await(consents().leaseDue(leaseUntil, leaseUntil.plus(LEASE), 10))).extracting(ConsentRecord::id)
        .containsExactly("cns_early", "cns_late", "cns_future");
  }

  @Test
  void aLeaseTakesAtMostTheBatchAndARescheduledConsentIsNotDue() {
    Instant now = clock.instant();
    for (int i = 0; i < 5; i++) {
      await(consents().insert(consent("cns_" + i).nextRefreshAt(now.minusSeconds(10 - i)).build()));
    }

    assertThat(await(consents().leaseDue(now, now.plus(LEASE), 2))).extracting(ConsentRecord::id)
        .containsExactly("cns_0", "cns_1");
    await(consents().update("cns_0", r -> r.withNextRefreshAt(now.plus(LEASE).plusSeconds(1))));
    assertThat(await(consents().leaseDue(now.plus(LEASE), now.plus(LEASE).plus(LEASE), 10)))
        .extracting(ConsentRecord::id).containsExactly("cns_1", "cns_2", "cns_3", "cns_4");
  }

  @Test
  void aRescheduleEndsTheLeaseSoTheNewTimeCounts() {
    Instant now = clock.instant();
    await(consents().insert(consent("cns_1").nextRefreshAt(now).build()));
    await(consents().insert(consent("cns_2").nextRefreshAt(now).build()));
    assertThat(await(consents().leaseDue(now, now.plus(LEASE), 10))).hasSize(2);
    Instant sooner = now.plusSeconds(30);

    await(consents().update("cns_1", r -> r.withNextRefreshAt(sooner)));
    // An update that keeps the schedule keeps the lease.
    await(consents().update("cns_2", r -> r.toBuilder().statusStale(true).build()));

    assertThat(await(consents().leaseDue(sooner, sooner.plus(LEASE), 10))).extracting(ConsentRecord::id)
        .containsExactly("cns_1");
  }

  @Test
  void concurrentLeasesNeverHandOutAConsentTwice() {
    Instant now = clock.instant();
    for (int i = 0; i < 40; i++) {
      await(consents().insert(consent("cns_" + i).nextRefreshAt(now.minusSeconds(i)).build()));
    }
    List<Future<List<ConsentRecord>>> leases = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      leases.add(consents().leaseDue(now, now.plus(LEASE), 10));
    }

    List<String> leased = leases.stream().flatMap(f -> await(f).stream()).map(ConsentRecord::id).toList();
    assertThat(leased).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void aUsersConsentsComeNewestFirstAndOnlyTheTenantsOwn() {
    Instant t0 = clock.instant();
    await(consents().insert(consent("cns_a").createdAt(t0).build()));
    await(consents().insert(consent("cns_c").createdAt(t0.plusSeconds(10)).build()));
    await(consents().insert(consent("cns_b").createdAt(t0.plusSeconds(10)).build()));
    await(consents().insert(consent("cns_other_user").userReference("user-2").build()));
    await(consents().insert(consent("cns_other_tenant").tenantId("globex").build()));

    assertThat(await(consents().listByUser("acme", "user-1"))).extracting(ConsentRecord::id)
        .containsExactly("cns_c", "cns_b", "cns_a");
    assertThat(await(consents().listByUser("acme", "nobody"))).isEmpty();
  }

  // ---- idempotency

  @Test
  void aKeyIsClaimedThenInProgressThenReplayedAndConflictsWithAnotherBody() {
    assertThat(begin("t1", "k", "fp1")).isInstanceOf(IdempotencyClaim.Claimed.class);
    assertThat(begin("t1", "k", "fp1")).isInstanceOf(IdempotencyClaim.InProgress.class);
    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Conflict.class);

    await(idempotency().complete("t1", "k", new StoredResponse(201, "cns_1", new byte[] {1, 2, 3})));

    assertThat(begin("t1", "k", "fp1")).isInstanceOfSatisfying(IdempotencyClaim.Replay.class, r -> {
      assertThat(r.response().status()).isEqualTo(201);
      assertThat(r.response().resourceId()).isEqualTo("cns_1");
      assertThat(r.response().body()).containsExactly(1, 2, 3);
    });
    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Conflict.class);
    assertThat(begin("t2", "k", "fp1")).as("keys are per tenant").isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void ofConcurrentClaimsOfOneKeyExactlyOneWins() {
    List<Future<IdempotencyClaim>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(idempotency().begin("t1", "race", "fp", "cns_" + i));
    }
    await(Future.all(all));

    assertThat(all).filteredOn(f -> f.result() instanceof IdempotencyClaim.Claimed).hasSize(1);
    assertThat(all).filteredOn(f -> f.result() instanceof IdempotencyClaim.InProgress).hasSize(19);
  }

  @Test
  void anAbandonedKeyCanBeUsedAgainButACompletedOneIsKept() {
    begin("t1", "k", "fp1");
    await(idempotency().abandon("t1", "k"));
    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Claimed.class);

    await(idempotency().complete("t1", "k", new StoredResponse(201, "cns_1", new byte[] {7})));
    await(idempotency().abandon("t1", "k"));
    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Replay.class);
  }

  @Test
  void aCompletedKeyKeepsTheFirstResponse() {
    begin("t1", "k", "fp1");
    await(idempotency().complete("t1", "k", new StoredResponse(201, "cns_1", new byte[] {1})));
    await(idempotency().complete("t1", "k", new StoredResponse(500, "cns_2", new byte[] {2})));

    assertThat(begin("t1", "k", "fp1")).isInstanceOfSatisfying(IdempotencyClaim.Replay.class, r -> {
      assertThat(r.response().status()).isEqualTo(201);
      assertThat(r.response().resourceId()).isEqualTo("cns_1");
      assertThat(r.response().body()).containsExactly(1);
    });
  }

  @Test
  void completingAnUnclaimedKeyStoresNothing() {
    await(idempotency().complete("t1", "never", new StoredResponse(201, "cns_1", new byte[] {1})));

    assertThat(begin("t1", "never", "fp1")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void recordsExpireAfterTheirRetention() {
    begin("t1", "k", "fp1");
    await(idempotency().complete("t1", "k", new StoredResponse(201, "cns_1", new byte[] {1})));

    clock.advance(RETENTION.minusSeconds(1));
    assertThat(begin("t1", "k", "fp1")).isInstanceOf(IdempotencyClaim.Replay.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Claimed.class);
  }

  @Test
  void aClaimLeftByACrashedNodeIsReleasedAfterItsLeaseKeepingItsReservation() {
    assertThat(await(idempotency().begin("t1", "k", "fp1", "cns_first")))
        .isEqualTo(new IdempotencyClaim.Claimed("cns_first"));

    clock.advance(LEASE.minusSeconds(1));
    assertThat(begin("t1", "k", "fp1")).isInstanceOf(IdempotencyClaim.InProgress.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(await(idempotency().begin("t1", "k", "fp1", "cns_second")))
        .as("the retry must look for what the first request may have created")
        .isEqualTo(new IdempotencyClaim.Claimed("cns_first"));
    assertThat(begin("t1", "k", "fp1")).as("the new claim holds the key").isInstanceOf(IdempotencyClaim.InProgress.class);
  }

  @Test
  void aLapsedClaimIsNotTakenOverByAnotherBody() {
    begin("t1", "k", "fp1");
    clock.advance(LEASE.plusSeconds(1));

    assertThat(begin("t1", "k", "fp2")).isInstanceOf(IdempotencyClaim.Conflict.class);
  }

  @Test
  void aKeyPastItsRetentionReservesTheNewId() {
    await(idempotency().begin("t1", "k", "fp1", "cns_old"));
    clock.advance(RETENTION.plusSeconds(1));

    assertThat(await(idempotency().begin("t1", "k", "fp1", "cns_new"))).isEqualTo(new IdempotencyClaim.Claimed("cns_new"));
  }

  protected IdempotencyClaim begin(String tenant, String key, String fingerprint) {
    return await(idempotency().begin(tenant, key, fingerprint, "cns_" + tenant + "_" + key));
  }
}
