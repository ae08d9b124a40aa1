package dev.consentgw.gateway;

import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The documented defaults ({@code gateway-defaults.yaml}), for tests that build a component by hand. */
public final class TestDefaults {

  private static final GatewayConfig DEFAULTS = load();

  private TestDefaults() {
  }

  public static GatewayConfig config() {
    return DEFAULTS;
  }

  private static GatewayConfig load() {
    try {
      // No environment: ${VAR:-fallback} references take their fallbacks.
      return new ConfigLoader(name -> null).load(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
