package dev.consentgw.gateway.store;

import java.time.Instant;

/**
 * One recorded event. {@code json} is the event exactly as the feed shows it and webhooks send it,
 * rendered when the change committed, so every delivery attempt sends the same bytes.
 *
 * @param sequence the feed position: increasing in commit order, never reused
 */
public record EventRecord(long sequence, String id, String tenantId, ConsentEventType type, Instant createdAt,
    String consentId, String json) {

  @Override
  public String toString() {
    return "EventRecord[" + sequence + ", " + id + ", " + tenantId + ", " + type.wireName() + "]";
  }
}
