package dev.consentgw.gateway.journey;

import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.store.ConsentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;

import static dev.consentgw.gateway.journey.LifecycleFixtures.AUTHORIZED;
import static dev.consentgw.gateway.journey.LifecycleFixtures.AWAITING;
import static dev.consentgw.gateway.journey.LifecycleFixtures.GRACE;
import static dev.consentgw.gateway.journey.LifecycleFixtures.NEAR;
import static dev.consentgw.gateway.journey.LifecycleFixtures.RETRY;
import static dev.consentgw.gateway.journey.LifecycleFixtures.WINDOW;
import static dev.consentgw.gateway.journey.LifecycleFixtures.options;
import static dev.consentgw.gateway.journey.LifecycleFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

/** When the tracker looks next, for every status and near every deadline; jitter 0 unless said. */
class RefreshScheduleTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final RefreshSchedule schedule = new RefreshSchedule(options(), () -> 0.0);

  @ParameterizedTest
  @EnumSource(value = ConsentStatus.class, names = {"REJECTED", "REVOKED", "EXPIRED", "FAILED"})
  void finalStatusesAreNeverCheckedAgain(ConsentStatus status) {
    assertThat(schedule.next(record("c", status, NOW).build(), NOW)).isNull();
  }

  @Test
  void awaitingIsCheckedEveryAwaitingIntervalWhileTheLinkIsOpen() {
    ConsentRecord open = record("c", ConsentStatus.AWAITING_AUTHORIZATION, NOW).build();
    assertThat(schedule.next(open, NOW)).isEqualTo(NOW.plus(AWAITING));
  }

  @Test
  void awaitingGetsItsLastCheckExactlyWhenTheGracePeriodEnds() {
    ConsentRecord record = record("c", ConsentStatus.AWAITING_AUTHORIZATION, NOW).build();
    Instant abandonAt = record.journeyExpiresAt().plus(GRACE);
    Instant late = abandonAt.minusSeconds(10);

    assertThat(schedule.next(record, late)).isEqualTo(abandonAt);
    assertThat(schedule.next(record, abandonAt.minus(AWAITING))).isEqualTo(abandonAt);
    assertThat(schedule.next(record, abandonAt.minus(AWAITING).minusSeconds(1)))
        .isEqualTo(abandonAt.minusSeconds(1));
    // Past it (e.g. the last check failed): due at once, not in the past.
    assertThat(schedule.next(record, abandonAt.plusSeconds(60))).isEqualTo(abandonAt.plusSeconds(60));
  }

  @Test
  void abandonedOnlyWhenAwaitingAndTheGracePeriodHasEnded() {
    ConsentRecord awaiting = record("c", ConsentStatus.AWAITING_AUTHORIZATION, NOW).build();
    Instant abandonAt = awaiting.journeyExpiresAt().plus(GRACE);

    assertThat(schedule.abandonAt(awaiting)).isEqualTo(abandonAt);
    assertThat(schedule.abandoned(awaiting, abandonAt.minusMillis(1))).isFalse();
    assertThat(schedule.abandoned(awaiting, abandonAt)).isTrue();
    assertThat(schedule.abandoned(record("c", ConsentStatus.AUTHORIZED, NOW).build(), abandonAt)).isFalse();
    ConsentRecord noLink = record("c", ConsentStatus.AWAITING_AUTHORIZATION, NOW).journeyExpiresAt(null).build();
    assertThat(schedule.abandonAt(noLink)).isNull();
    assertThat(schedule.abandoned(noLink, abandonAt.plus(Duration.ofDays(9)))).isFalse();
    assertThat(schedule.next(noLink, NOW)).isEqualTo(NOW.plus(AWAITING));
  }

  @Test
  void authorisedWithoutDeadlinesIsCheckedDaily() {
    assertThat(schedule.next(record("c", ConsentStatus.AUTHORIZED, NOW).build(), NOW)).isEqualTo(NOW.plus(AUTHORIZED));
  }

  @Test
  void authorisedFarFromItsDeadlineWakesWhenTheWindowOpens() {
    Instant expiresAt = NOW.plus(WINDOW).plus(Duration.ofHours(2));
    ConsentRecord record = record("c", ConsentStatus.AUTHORIZED, NOW).expiresAt(expiresAt).build();
    assertThat(schedule.next(record, NOW)).isEqualTo(NOW.plus(Duration.ofHours(2)));

    ConsentRecord far = record("c", ConsentStatus.AUTHORIZED, NOW).expiresAt(NOW.plus(Duration.ofDays(90))).build();
    assertThat(schedule.next(far, NOW)).isEqualTo(NOW.plus(AUTHORIZED));
  }

  @Test
  void insideTheWindowItIsCheckedOftenAndRightAtTheDeadline() {
    ConsentRecord soon = record("c", ConsentStatus.AUTHORIZED, NOW).reconfirmBy(NOW.plus(Duration.ofDays(2)))
        .expiresAt(NOW.plus(Duration.ofDays(60))).build();
    assertThat(schedule.next(soon, NOW)).isEqualTo(NOW.plus(NEAR));

    ConsentRecord atTheDoor = record("c", ConsentStatus.AUTHORIZED, NOW).expiresAt(NOW.plus(Duration.ofHours(1)))
        .build();
    assertThat(schedule.next(atTheDoor, NOW)).isEqualTo(NOW.plus(Duration.ofHours(1)));

    ConsentRecord onTheEdge = record("c", ConsentStatus.AUTHORIZED, NOW).expiresAt(NOW.plus(WINDOW)).build();
    assertThat(schedule.next(onTheEdge, NOW)).isEqualTo(NOW.plus(NEAR));
  }

  @Test
  void aPassedDeadlineCountsAsNone() {
    ConsentRecord passed = record("c", ConsentStatus.AUTHORIZED, NOW).expiresAt(NOW).reconfirmBy(NOW.minusSeconds(1))
        .build();
    assertThat(schedule.next(passed, NOW)).isEqualTo(NOW.plus(AUTHORIZED));
  }

  @Test
  void unknownOrStaleIsRetriedSooner() {
    assertThat(schedule.next(record("c", ConsentStatus.UNKNOWN, NOW).build(), NOW)).isEqualTo(NOW.plus(RETRY));
    assertThat(schedule.next(record("c", ConsentStatus.AUTHORIZED, NOW).statusStale(true).build(), NOW))
        .isEqualTo(NOW.plus(RETRY));
  }

  @Test
  void jitterSpreadsChecksWithinItsBound() {
    RefreshSchedule jittered = new RefreshSchedule(options(), () -> 0.5);
    assertThat(jittered.next(record("c", ConsentStatus.AUTHORIZED, NOW).build(), NOW))
        .isEqualTo(NOW.plus(AUTHORIZED).plusSeconds(5));
    assertThat(jittered.next(record("c", ConsentStatus.AWAITING_AUTHORIZATION, NOW).build(), NOW))
        .isEqualTo(NOW.plus(AWAITING).plusSeconds(5));
  }
}
