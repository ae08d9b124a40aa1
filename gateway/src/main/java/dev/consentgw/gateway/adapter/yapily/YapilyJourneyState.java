package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.model.FeatureEnum;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the adapter keeps in a consent's provider state between the legs of a Yapily journey: which
 * leg is running, and the account request to send once pre-authorisation is done (the
 * pre-authorisation request itself carries no features).
 *
 * @param leg {@link #PRE_AUTHORISATION} or {@link #AUTHORISATION}
 * @param expiresAt requested end of the consent, or null
 * @param transactionsFrom earliest transaction date requested, or null
 */
record YapilyJourneyState(String leg, Set<FeatureEnum> features, Instant expiresAt, LocalDate transactionsFrom) {

  static final String PRE_AUTHORISATION = "pre-authorisation";
  static final String AUTHORISATION = "authorisation";

  private static final String LEG = "leg";
  private static final String FEATURES = "features";
  private static final String EXPIRES_AT = "expiresAt";
  private static final String TRANSACTIONS_FROM = "transactionsFrom";

  YapilyJourneyState {
    Set<FeatureEnum> ordered = EnumSet.noneOf(FeatureEnum.class);
    ordered.addAll(features);
    features = Collections.unmodifiableSet(ordered);
  }

  /** Reads what {@link #toMap()} wrote; values it cannot read are left out rather than failing the journey. */
  static YapilyJourneyState from(Map<String, String> providerState) {
    return new YapilyJourneyState(
        providerState.getOrDefault(LEG, AUTHORISATION),
        YapilyMapper.parseFeatures(providerState.getOrDefault(FEATURES, "")),
        parse(providerState.get(EXPIRES_AT), Instant::parse),
        parse(providerState.get(TRANSACTIONS_FROM), LocalDate::parse));
  }

  private static <T> T parse(String value, Function<String, T> parser) {
    try {
      return value == null ? null : parser.apply(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  boolean preAuthorisation() {
    return PRE_AUTHORISATION.equals(leg);
  }

  YapilyJourneyState withLeg(String newLeg) {
    return new YapilyJourneyState(newLeg, features, expiresAt, transactionsFrom);
  }

  Map<String, String> toMap() {
    Map<String, String> map = new HashMap<>();
    map.put(LEG, leg);
    map.put(FEATURES, YapilyMapper.joinFeatures(features));
    if (expiresAt != null) {
      map.put(EXPIRES_AT, expiresAt.toString());
    }
    if (transactionsFrom != null) {
      map.put(TRANSACTIONS_FROM, transactionsFrom.toString());
    }
    return map;
  }
}
