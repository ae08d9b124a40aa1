package dev.consentgw.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

  private final SecretBox box = new SecretBox(key((byte) 7));

  @Test
  void roundTripsAndNeverRepeatsCiphertext() {
    String sealed = box.seal("consent-token-value", "cns_1");

    assertThat(sealed).doesNotContain("consent-token-value").isNotEqualTo(box.seal("consent-token-value", "cns_1"));
    assertThat(box.open(sealed, "cns_1")).isEqualTo("consent-token-value");
  }

  @Test
  void aSealedTokenCannotBeMovedToAnotherConsentOrOpenedWithAnotherKey() {
    String sealed = box.seal("consent-token-value", "cns_1");

    assertThatThrownBy(() -> box.open(sealed, "cns_2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new SecretBox(key((byte) 8)).open(sealed, "cns_1")).isInstanceOf(IllegalStateException.class);
  }

  private static byte[] key(byte fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, fill);
    return key;
  }
}
