package dev.consentgw.gateway.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<Duration> PAUSES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5));

  @Test
  void theNthFailedAttemptIsFollowedByTheNthPauseThenNothing() {
    RetrySchedule schedule = new RetrySchedule(PAUSES, 0.2, () -> 0.5);

    assertThat(schedule.next(0, T)).isNull();
    assertThat(schedule.next(1, T)).isEqualTo(T.plusSeconds(5));
    assertThat(schedule.next(2, T)).isEqualTo(T.plus(Duration.ofMinutes(5)));
    assertThat(schedule.next(3, T)).isNull();
  }

  @Test
  void jitterSpreadsEachPauseWithinItsBounds() {
    assertThat(new RetrySchedule(PAUSES, 0.2, () -> 0.0).next(1, T)).isEqualTo(T.plusSeconds(4));
    assertThat(new RetrySchedule(PAUSES, 0.2, () -> 0.999999).next(1, T)).isEqualTo(T.plusSeconds(6));
    assertThat(new RetrySchedule(PAUSES, 0, () -> 0.0).next(1, T)).isEqualTo(T.plusSeconds(5));
  }

  @Test
  void theDefaultScheduleRetriesForMoreThanADay() throws Exception {
    EventsOptions defaults = dev.consentgw.gateway.TestDefaults.config().events();
    assertThat(defaults.delivery().retryWindow()).isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(defaults.problems("events")).isEmpty();
  }
}
