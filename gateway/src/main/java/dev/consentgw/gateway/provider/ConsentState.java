package dev.consentgw.gateway.provider;

import java.time.Instant;

/** The consent's state as its provider reports it now. */
public record ConsentState(ConsentStatus status, Instant authorizedAt, Instant expiresAt) {
}
