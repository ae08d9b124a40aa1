package dev.consentgw.gateway.journey;

/** Where to send the browser after a callback: the tenant's redirect URL or the next bank page. */
public record CallbackOutcome(String location) {
}
