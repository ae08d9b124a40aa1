package dev.consentgw.gateway.events;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signatures as the Standard Webhooks specification defines them, checked independently of the gateway's class. */
class WebhookSignatureTest {

  /** The specification's own example (standard-webhooks, "Verifying webhook authenticity"). */
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** HMAC-SHA256 with javax.crypto directly, from the specification's text. */
  static String independentSignature(String secret, String id, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(digest);
  }

  @Test
  void theSpecificationsExampleSignsAsPublished() {
    assertThat(WebhookSignature.of(SPEC_SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
        "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void aSignatureMatchesAnIndependentComputationOverTheRawBody() throws Exception {
    String body = "{\"id\":\"evt_1\",\"consent\":{\"user\":{\"reference\":\"ü-42\"}}}";
    assertThat(WebhookSignature.of(SPEC_SECRET).sign("evt_1", 1700000000, body))
        .isEqualTo(independentSignature(SPEC_SECRET, "evt_1", 1700000000, body));
  }

  @Test
  void verificationAcceptsAnyListedV1SignatureAndRejectsTampering() {
    WebhookSignature signature = WebhookSignature.of(SPEC_SECRET);
    String good = signature.sign("evt_1", 1700000000, "{}");

    assertThat(signature.verify("evt_1", 1700000000, "{}", good)).isTrue();
    assertThat(signature.verify("evt_1", 1700000000, "{}", "v1,bm9wZQ== " + good)).isTrue();
    assertThat(signature.verify("evt_1", 1700000000, "{ }", good)).as("body changed").isFalse();
    assertThat(signature.verify("evt_2", 1700000000, "{}", good)).as("id changed").isFalse();
    assertThat(signature.verify("evt_1", 1700000001, "{}", good)).as("timestamp changed").isFalse();
    assertThat(signature.verify("evt_1", 1700000000, "{}", good.replace("v1,", "v2,"))).isFalse();
    assertThat(signature.verify("evt_1", 1700000000, "{}", "v1,***")).isFalse();
    assertThat(signature.verify("evt_1", 1700000000, "{}", null)).isFalse();
    assertThat(WebhookSignature.of("whsec_" + Base64.getEncoder().encodeToString(new byte[24]))
        .verify("evt_1", 1700000000, "{}", good)).as("another secret").isFalse();
  }

  @Test
  void onlyWhsecSecretsOfAtLeast24BytesAreAccepted() {
    assertThat(WebhookSignature.isSecret(SPEC_SECRET)).isTrue();
    assertThat(WebhookSignature.isSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[23]))).isFalse();
    assertThat(WebhookSignature.isSecret(SPEC_SECRET.substring(6))).isFalse();
    assertThat(WebhookSignature.isSecret("whsec_***")).isFalse();
    assertThat(WebhookSignature.isSecret(null)).isFalse();
    assertThatThrownBy(() -> WebhookSignature.of("secret")).isInstanceOf(IllegalArgumentException.class);
    assertThat(WebhookSignature.of(SPEC_SECRET).toString()).doesNotContain("MfKQ");
  }
}
