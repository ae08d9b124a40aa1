package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * Data read from a provider, with how fresh the provider says it is.
 *
 * @param lastUpdated when the provider last refreshed its copy from the institution, or null when
 *     it reads the institution live or does not say
 */
public record ProviderData<T>(T data, Instant lastUpdated) {

  public static <T> ProviderData<T> live(T data) {
    return new ProviderData<>(data, null);
  }
}
