package dev.consentgw.gateway.store;

import java.time.Instant;

/**
 * Renders an event as its published JSON (the facade's representation of the consent). Passed in
 * by the wiring, so the store records what the feed shows without depending on the facade.
 */
@FunctionalInterface
public interface EventRenderer {

  String render(String eventId, ConsentEventType type, Instant createdAt, ConsentRecord consent);
}
