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
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the adapter keeps in a consent's provider state between the legs of a Yapily journey: which
 * leg is running, and the account request to send once pre-authorisation is done (the
 * pre-authorisation request itself carries no features).
 *
 * @param leg {@link #PRE_AUTHORISATION}, {@link #AUTHORISATION} or {@link #REAUTHORISATION}
 * @param expiresAt requested end of the consent, or null
 * @param transactionsFrom earliest transaction date requested, or null
 * @param countries the institution's countries (ISO 3166 alpha-2), empty when not known (consents
 *     started before the gateway recorded them)
 */
record YapilyJourneyState(String leg, Set<FeatureEnum> features, Instant expiresAt, LocalDate transactionsFrom,
    Set<String> countries) {

  static final String PRE_AUTHORISATION = "pre-authorisation";
  static final String AUTHORISATION = "authorisation";
  /** A renewal of an authorised consent (PATCH), whose return completes the same consent. */
  static final String REAUTHORISATION = "re-authorisation";

  private static final String LEG = "leg";
  private static final String FEATURES = "features";
  private static final String EXPIRES_AT = "expiresAt";
  private static final String TRANSACTIONS_FROM = "transactionsFrom";
  private static final String COUNTRIES = "countries";
  private static final String UNITED_KINGDOM = "GB";

  YapilyJourneyState {
    Set<FeatureEnum> ordered = EnumSet.noneOf(FeatureEnum.class);
    ordered.addAll(features);
    features = Collections.unmodifiableSet(ordered);
    countries = Collections.unmodifiableSet(new TreeSet<>(countries));
  }

  /** Reads what {@link #toMap()} wrote; values it cannot read are left out rather than failing the journey. */
  static YapilyJourneyState from(Map<String, String> providerState) {
    return new YapilyJourneyState(
        providerState.getOrDefault(LEG, AUTHORISATION),
        YapilyMapper.parseFeatures(providerState.getOrDefault(FEATURES, "")),
        parse(providerState.get(EXPIRES_AT), Instant::parse),
        parse(providerState.get(TRANSACTIONS_FROM), LocalDate::parse),
        splitCountries(providerState.getOrDefault(COUNTRIES, "")));
  }

  private static Set<String> splitCountries(String joined) {
    Set<String> countries = new TreeSet<>();
    for (String code : joined.split(",")) {
      if (!code.isBlank()) {
        countries.add(code.trim());
      }
    }
    return countries;
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

  boolean reauthorisation() {
    return REAUTHORISATION.equals(leg);
  }

  /** False only when the institution is known to be outside the UK, where reconfirmation does not exist. */
  boolean mayBeUk() {
    return countries.isEmpty() || countries.contains(UNITED_KINGDOM);
  }

  YapilyJourneyState withLeg(String newLeg) {
    return new YapilyJourneyState(newLeg, features, expiresAt, transactionsFrom, countries);
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
    if (!countries.isEmpty()) {
      map.put(COUNTRIES, String.join(",", countries));
    }
    return map;
  }
}
