package dev.consentgw.gateway.facade;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed's cursors: opaque, round-trip, and anything else is a 400 on {@code after}. */
class EventsCursorTest {

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCursorRoundTripsItsPosition() {
    assertThat(EventsHandler.position(EventsHandler.cursor(0))).isZero();
    assertThat(EventsHandler.position(EventsHandler.cursor(42))).isEqualTo(42);
    assertThat(EventsHandler.position(EventsHandler.cursor(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(EventsHandler.cursor(42)).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {b64("evt:-1"), b64("evt:x"), b64("evx:1"), b64("1"), "***", b64("evt:")}) {
      assertThatThrownBy(() -> EventsHandler.position(bad)).as(bad).isInstanceOfSatisfying(ProblemException.class,
          p -> {
            assertThat(p.problem().status()).isEqualTo(400);
            assertThat(p.problem().code()).isEqualTo("validation_failed");
            assertThat(p.problem().errors()).extracting(ProblemDocument.FieldError::pointer)
                .containsExactly("/query/after");
          });
    }
  }
}
