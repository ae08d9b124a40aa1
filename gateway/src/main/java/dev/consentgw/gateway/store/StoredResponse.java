package dev.consentgw.gateway.store;

/** A response kept for idempotent replay: the status and the serialized JSON body. */
public record StoredResponse(int status, String resourceId, byte[] body) {
}
