package dev.consentgw.gateway.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules the security classes enforce, each at its edge: exact matches, key sizes, thresholds. */
class SecurityRulesTest {

  private static final Tenant ACME = new Tenant("acme", "Acme", Set.of("https://app.example/return"),
      Set.of("yapily"));
  private static final Tenant GLOBEX = new Tenant("globex", "Globex", Set.of(), Set.of("wych"));

  @Test
  void anApiKeyAuthenticatesAsItsTenantByItsHashOnly() {
    TenantRegistry registry = new TenantRegistry(List.of(
        new TenantRegistry.Registration(ACME, List.of(TenantRegistry.sha256Hex("acme-key-1"),
            TenantRegistry.sha256Hex("acme-key-2").toUpperCase())),
        new TenantRegistry.Registration(GLOBEX, List.of(TenantRegistry.sha256Hex("globex-key")))));

    assertThat(registry.authenticate("acme-key-1")).contains(ACME);
    assertThat(registry.authenticate("acme-key-2")).as("configured hashes are case-insensitive hex").contains(ACME);
    assertThat(registry.authenticate("globex-key")).contains(GLOBEX);
    assertThat(registry.authenticate("acme-key-3")).isEmpty();
    assertThat(registry.authenticate(TenantRegistry.sha256Hex("acme-key-1"))).as("the hash is not a key").isEmpty();
    assertThat(registry.byId("globex")).contains(GLOBEX);
    assertThat(registry.byId("initech")).isEmpty();
  }

  @Test
  void theHashIsLowercaseHexSha256() {
    assertThat(TenantRegistry.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aTenantIdOrAKeyConfiguredTwiceIsRefused() {
    assertThatThrownBy(() -> new TenantRegistry(List.of(new TenantRegistry.Registration(ACME, List.of()),
        new TenantRegistry.Registration(ACME, List.of())))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate tenant id acme");
    String hash = TenantRegistry.sha256Hex("shared");
    assertThatThrownBy(() -> new TenantRegistry(List.of(new TenantRegistry.Registration(ACME, List.of(hash)),
        new TenantRegistry.Registration(GLOBEX, List.of(hash.toUpperCase()))))).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("configured twice");
  }

  @Test
  void theCallersTenantComesFromItsPrincipalAndNothingElse() {
    TenantRegistry registry = new TenantRegistry(List.of(new TenantRegistry.Registration(ACME, List.of())));

    assertThat(registry.of(User.create(new JsonObject().put(ApiKeyAuthHandler.TENANT_ID, "acme")))).isSameAs(ACME);
    assertThat(ApiKeyAuthHandler.tenantId(User.create(new JsonObject().put(ApiKeyAuthHandler.TENANT_ID, "x"))))
        .isEqualTo("x");
    assertThatThrownBy(() -> registry.of(null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> registry.of(User.create(new JsonObject().put(ApiKeyAuthHandler.TENANT_ID, "globex"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void redirectsAndProvidersAreAllowedByExactMatch() {
    assertThat(ACME.allowsRedirect("https://app.example/return")).isTrue();
    assertThat(ACME.allowsRedirect("https://app.example/return/")).isFalse();
    assertThat(ACME.allowsRedirect("https://app.example/return?x=1")).isFalse();
    assertThat(ACME.allowsProvider("yapily")).isTrue();
    assertThat(ACME.allowsProvider("wych")).isFalse();
  }

  @Test
  void aUserReferenceIsScopedToItsTenant() {
    assertThat(ACME.scopedUserReference("user-42")).isEqualTo("acme:user-42");
    assertThat(Tenant.scopedUserReference("globex", "a:b")).isEqualTo("globex:a:b");
  }

  @Test
  void journeyTokensAre256RandomBitsAndOnlyTheirHashIsKept() {
    JourneyTokens tokens = new JourneyTokens();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      JourneyTokens.Minted minted = tokens.mint();
      assertThat(minted.token()).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(minted.hash()).isEqualTo(TenantRegistry.sha256Hex(minted.token())).isEqualTo(tokens.hash(minted.token()));
      assertThat(minted.toString()).doesNotContain(minted.token()).doesNotContain(minted.hash());
      assertThat(seen.add(minted.token())).isTrue();
    }
    assertThat(tokens.randomId(16)).hasSize(22).matches("[A-Za-z0-9_-]+").isNotEqualTo(tokens.randomId(16));
    assertThat(tokens.randomId(3)).hasSize(4);
  }

  @Test
  void theSealingKeyMustBeExactly256Bits() {
    assertThatThrownBy(() -> new SecretBox(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretBox(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    SecretBox box = new SecretBox(new byte[32]);
    assertThat(box.open(box.seal("", "cns_1"), "cns_1")).isEmpty();
    assertThatThrownBy(() -> box.open("not base64!", "cns_1")).isInstanceOf(IllegalStateException.class);
  }

  /** Fresh values each run: the registry is process-wide, and an earlier run must not have registered them. */
  @Test
  void onlySecretsOfSixCharactersOrMoreAreRegistered() {
    String five = fresh(5);
    String six = fresh(6);
    Redaction.registerSecret(five);
    Redaction.registerSecret(six);
    Redaction.registerSecret(null);

    assertThat(Redaction.redact("a " + five + " b")).isEqualTo("a " + five + " b");
    assertThat(Redaction.redact("a " + six + " b " + six)).isEqualTo("a [REDACTED] b [REDACTED]");
    assertThat(Redaction.redact(null)).isNull();
    assertThat(Redaction.redact("")).isEmpty();
  }

  private static String fresh(int length) {
    String letters = java.util.UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "q");
    return letters.substring(0, length);
  }

  @Test
  void everyMatchOfAPatternIsMasked() {
    assertThat(Redaction.redact("password=one&x=1&apiKey=two"))
        .isEqualTo("password=[REDACTED]&x=1&apiKey=[REDACTED]");
    assertThat(Redaction.redact("{\"password\" : \"p\", \"apiKey\":\"k\"}"))
        .isEqualTo("{\"password\":\"[REDACTED]\", \"apiKey\":\"[REDACTED]\"}");
    assertThat(Redaction.redact("bearer abc")).as("too short to be a credential").isEqualTo("bearer abc");
  }

  @Test
  void logLinesAndStackTracesPassTheRedaction() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("test");
    LoggingEvent event = new LoggingEvent("test", logger, Level.WARN, "calling {} with Bearer abcdef123456",
        new IllegalStateException("GET /cb?journey=secretjourney"), new Object[] {"yapily"});

    RedactingMessageConverter message = new RedactingMessageConverter();
    message.setContext(context);
    message.start();
    RedactingMessageConverter.Throwables throwable = new RedactingMessageConverter.Throwables();
    throwable.setContext(context);
    throwable.start();

    assertThat(message.convert(event)).isEqualTo("calling yapily with Bearer [REDACTED]");
    assertThat(throwable.convert(event)).contains("journey=[REDACTED]").doesNotContain("secretjourney");
  }
}
