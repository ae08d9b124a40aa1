package dev.consentgw.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JourneyBindingTest {

  private static byte[] key(int fill, int length) {
    byte[] key = new byte[length];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final JourneyBinding binding = new JourneyBinding(key(1, 32));

  @Test
  void valuesAreStableUrlSafeAndOfTheDocumentedLength() {
    String hop = binding.hopToken("cns_a", "hash-1");

    assertThat(hop).isEqualTo(binding.hopToken("cns_a", "hash-1")).hasSize(JourneyBinding.TOKEN_LENGTH)
        .matches("[A-Za-z0-9_-]+");
    assertThat(binding.cookieValue("cns_a", "hash-1")).hasSize(JourneyBinding.TOKEN_LENGTH);
    assertThat(new JourneyBinding(key(1, 32)).cookieValue("cns_a", "hash-1"))
        .as("nodes with the same key agree").isEqualTo(binding.cookieValue("cns_a", "hash-1"));
  }

  @Test
  void eachValueIsBoundToItsPurposeConsentJourneyAndKey() {
    String cookie = binding.cookieValue("cns_a", "hash-1");

    assertThat(binding.hopToken("cns_a", "hash-1")).isNotEqualTo(cookie);
    assertThat(binding.cookieValue("cns_b", "hash-1")).isNotEqualTo(cookie);
    assertThat(binding.cookieValue("cns_a", "hash-2")).isNotEqualTo(cookie);
    assertThat(new JourneyBinding(key(2, 32)).cookieValue("cns_a", "hash-1")).isNotEqualTo(cookie);
    // The separator keeps ("cns_a", "bhash") and ("cns_ab", "hash") apart.
    assertThat(binding.cookieValue("cns_ab", "hash")).isNotEqualTo(binding.cookieValue("cns_a", "bhash"));
  }

  @Test
  void matchingAcceptsOnlyTheExactValueForThatJourney() {
    String cookie = binding.cookieValue("cns_a", "hash-1");
    String hop = binding.hopToken("cns_a", "hash-1");

    assertThat(binding.cookieMatches(cookie, "cns_a", "hash-1")).isTrue();
    assertThat(binding.hopMatches(hop, "cns_a", "hash-1")).isTrue();
    assertThat(binding.cookieMatches(hop, "cns_a", "hash-1")).isFalse();
    assertThat(binding.hopMatches(cookie, "cns_a", "hash-1")).isFalse();
    assertThat(binding.cookieMatches(cookie, "cns_b", "hash-1")).isFalse();
    assertThat(binding.cookieMatches(cookie.substring(1), "cns_a", "hash-1")).isFalse();
    assertThat(binding.cookieMatches(cookie + "A", "cns_a", "hash-1")).isFalse();
    assertThat(binding.cookieMatches(null, "cns_a", "hash-1")).isFalse();
    assertThat(binding.hopMatches(null, "cns_a", "hash-1")).isFalse();
    assertThat(binding.cookieMatches("", "cns_a", "hash-1")).isFalse();
  }

  @Test
  void aDerivedKeyDependsOnItsSecretAndDiffersFromTheSecretItself() {
    JourneyBinding derived = JourneyBinding.derivedFrom(key(1, 32));

    assertThat(derived.cookieValue("cns_a", "h")).isEqualTo(JourneyBinding.derivedFrom(key(1, 32))
        .cookieValue("cns_a", "h"));
    assertThat(derived.cookieValue("cns_a", "h")).isNotEqualTo(binding.cookieValue("cns_a", "h"));
    assertThat(derived.cookieValue("cns_a", "h")).isNotEqualTo(JourneyBinding.derivedFrom(key(2, 32))
        .cookieValue("cns_a", "h"));
  }

  @Test
  void keysShorterThan256BitsAreRefused() {
    assertThatThrownBy(() -> new JourneyBinding(key(1, 31))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThat(new JourneyBinding(key(1, 64)).hopToken("c", "h")).hasSize(JourneyBinding.TOKEN_LENGTH);
  }
}
