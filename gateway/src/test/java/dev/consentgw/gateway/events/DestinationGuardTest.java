package dev.consentgw.gateway.events;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard: which resolved addresses a webhook may reach. */
class DestinationGuardTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}: public {1}")
  @CsvSource({
      "93.184.216.34, true",
      "8.8.8.8, true",
      "2606:4700::1111, true",
      "127.0.0.1, false",
      "10.1.2.3, false",
      "172.16.0.1, false",
      "192.168.1.1, false",
      "169.254.169.254, false",
      "0.0.0.0, false",
      "100.64.0.1, false",
      "100.127.255.254, false",
      "100.128.0.1, true",
      "192.0.0.8, false",
      "198.18.0.1, false",
      "224.0.0.1, false",
      "240.0.0.1, false",
      "255.255.255.255, false",
      "::1, false",
      "fe80::1, false",
      "fc00::1, false",
      "fd12:3456::1, false",
      "::ffff:10.0.0.1, false",
      "::, false"})
  void onlyPublicAddressesArePublic(String address, boolean expected) throws Exception {
    assertThat(DestinationGuard.isPublic(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @Test
  void theSandboxMayReachLoopbackButNotTheRestOfThePrivateNetwork() throws Exception {
    DestinationGuard sandbox = new DestinationGuard(vertx, DestinationGuard.Allow.LOOPBACK);
    assertThat(sandbox.allowed(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(sandbox.allowed(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(new DestinationGuard(vertx, DestinationGuard.Allow.ANY).allowed(InetAddress.getByName("10.0.0.1")))
        .isTrue();
    assertThat(new DestinationGuard(vertx, DestinationGuard.Allow.PUBLIC_ONLY)
        .allowed(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @Test
  void aNameWithAnyPrivateAddressIsRefusedAndThePublicOneIsPinned() throws Exception {
    InetAddress publicOne = InetAddress.getByName("93.184.216.34");
    InetAddress privateOne = InetAddress.getByName("10.0.0.7");
    DestinationGuard guard = new DestinationGuard(vertx, DestinationGuard.Allow.PUBLIC_ONLY,
        host -> host.equals("mixed.example") ? new InetAddress[] {publicOne, privateOne} : new InetAddress[] {publicOne});

    assertThat(guard.check("hooks.example").await(10, TimeUnit.SECONDS)).isEqualTo(publicOne);
    assertThatThrownBy(() -> guard.check("mixed.example").await(10, TimeUnit.SECONDS))
        .isInstanceOf(DestinationGuard.RefusedDestination.class).hasMessageContaining("10.0.0.7");
    DestinationGuard failing = new DestinationGuard(vertx, DestinationGuard.Allow.PUBLIC_ONLY, host -> {
      throw new java.net.UnknownHostException(host);
    });
    assertThatThrownBy(() -> failing.check("nowhere.example").await(10, TimeUnit.SECONDS))
        .isInstanceOf(DestinationGuard.RefusedDestination.class).hasMessageContaining("cannot resolve");
  }
}
