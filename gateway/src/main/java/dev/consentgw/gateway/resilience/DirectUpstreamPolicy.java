package dev.consentgw.gateway.resilience;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Runs every call at once, relying on the HTTP clients' own timeouts. The circuit-breaking policy
 * replaces it; it stays for tests that want the raw adapter behaviour.
 */
public final class DirectUpstreamPolicy implements UpstreamPolicy {

  @Override
  public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
    return action.get();
  }
}
