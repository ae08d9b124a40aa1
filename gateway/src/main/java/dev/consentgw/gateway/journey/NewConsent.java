package dev.consentgw.gateway.journey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A request to start a journey, as the facade validated it (permissions still by wire name). */
public record NewConsent(
    String institutionId,
    String userReference,
    List<String> permissions,
    String redirectUrl,
    String state,
    Instant expiresAt,
    LocalDate transactionsFrom) {

  public NewConsent {
    permissions = List.copyOf(permissions);
  }
}
