package dev.consentgw.gateway.adapter.yapily;

import dev.consentgw.clients.yapily.model.AuthorisationStatus;
import dev.consentgw.clients.yapily.model.Consent;
import dev.consentgw.clients.yapily.model.Country;
import dev.consentgw.clients.yapily.model.EnvironmentType;
import dev.consentgw.clients.yapily.model.FeatureEnum;
import dev.consentgw.clients.yapily.model.Media;
import dev.consentgw.gateway.provider.CallbackParams;
import dev.consentgw.gateway.provider.CallbackResult;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.provider.ProviderConsentRef;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every translation between Yapily's vocabulary and the gateway's: statuses, features and
 * permissions, institutions, and the error parameters of a callback.
 */
final class YapilyMapper {

  /** Institution attribute: the institution needs the pre-authorisation leg. */
  static final String ATTR_PRE_AUTHORISATION = "preAuthorisation";
  /** Institution attribute: the account-data features it offers, comma-separated. */
  static final String ATTR_FEATURES = "features";

  static final String ERROR_ACCESS_DENIED = "access_denied";
  static final String ERROR_PROVIDER = "provider_error";
  static final String ERROR_CALLBACK_INVALID = "callback_invalid";

  /** DESIGN's permission table; read one way for institutions and the other way for requests. */
  private static final Map<Permission, Set<FeatureEnum>> FEATURES = new EnumMap<>(Map.of(
      Permission.ACCOUNTS, EnumSet.of(FeatureEnum.ACCOUNTS, FeatureEnum.ACCOUNT),
      Permission.ACCOUNTS_DETAIL, EnumSet.of(FeatureEnum.ACCOUNTS, FeatureEnum.ACCOUNT),
      Permission.BALANCES, EnumSet.of(FeatureEnum.ACCOUNT_BALANCES),
      Permission.TRANSACTIONS, EnumSet.of(FeatureEnum.ACCOUNT_TRANSACTIONS),
      Permission.PAYEES, EnumSet.of(FeatureEnum.ACCOUNT_BENEFICIARIES),
      Permission.REGULAR_PAYMENTS, EnumSet.of(FeatureEnum.ACCOUNT_SCHEDULED_PAYMENTS,
          FeatureEnum.ACCOUNT_DIRECT_DEBITS, FeatureEnum.ACCOUNT_PERIODIC_PAYMENTS),
      Permission.CUSTOMER, EnumSet.of(FeatureEnum.IDENTITY),
      Permission.CUSTOMER_DETAIL, EnumSet.of(FeatureEnum.IDENTITY)));

  private static final Set<FeatureEnum> ACCOUNT_DATA_FEATURES = FEATURES.values().stream()
      .flatMap(Set::stream).collect(Collectors.toCollection(() -> EnumSet.noneOf(FeatureEnum.class)));

  /** The one-time variants take the same pre-authorisation leg (their consent serves one journey). */
  private static final Set<FeatureEnum> PRE_AUTHORISATION_FEATURES =
      EnumSet.of(FeatureEnum.INITIATE_PRE_AUTHORISATION, FeatureEnum.INITIATE_PRE_AUTHORISATION_ACCOUNTS,
          FeatureEnum.INITIATE_ONETIME_PRE_AUTHORISATION, FeatureEnum.INITIATE_ONETIME_PRE_AUTHORISATION_ACCOUNTS);

  /** What may be echoed from a callback's error parameters: short codes, never free text. */
  private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private YapilyMapper() {
  }

  // ------------------------------------------------------------------ status

  /**
   * The unified status of a Yapily consent status. Two rows are deliberate: {@code
   * AWAITING_RE_AUTHORIZATION} is a consent that was authorised and stays usable while the user renews
   * it at the bank (Yapily keeps id and token; a failed renewal leaves the status as it was), so it
   * stays {@code authorized}; {@code CONSUMED} is a one-time consent whose single use is spent, so it
   * grants no further account access and ends as {@code expired} (ended by its own terms, not by the
   * user or the bank).
   */
  static ConsentStatus status(AuthorisationStatus status) {
    if (status == null) {
      return ConsentStatus.UNKNOWN;
    }
    if (status == AuthorisationStatus.AWAITING_RE_AUTHORIZATION) {
      // A renewal under way: the consent was authorised and stays usable until the renewal ends.
      return ConsentStatus.AUTHORIZED;
    }
    if (status.getValue().startsWith("AWAITING_") || status == AuthorisationStatus.PRE_AUTHORIZED) {
      return ConsentStatus.AWAITING_AUTHORIZATION;
    }
    return switch (status) {
      case AUTHORIZED -> ConsentStatus.AUTHORIZED;
      case CONSUMED -> ConsentStatus.EXPIRED;
      case REJECTED -> ConsentStatus.REJECTED;
      case REVOKED -> ConsentStatus.REVOKED;
      case EXPIRED -> ConsentStatus.EXPIRED;
      case FAILED, INVALID -> ConsentStatus.FAILED;
      default -> ConsentStatus.UNKNOWN;
    };
  }

  /** A consent the bank deleted on its side no longer grants access, whatever its status says. */
  static ConsentStatus consentStatus(AuthorisationStatus status, Boolean deletedByInstitution) {
    return Boolean.TRUE.equals(deletedByInstitution) ? ConsentStatus.REVOKED : status(status);
  }

  /** A consent as Yapily reports it, with the UK reconfirmation dates when it has them. */
  static ConsentState consentState(Consent consent) {
    return new ConsentState(consentStatus(consent.getStatus(), consent.getIsDeletedByInstitution()),
        instant(consent.getAuthorizedAt()), instant(consent.getExpiresAt()), instant(consent.getReconfirmBy()),
        instant(consent.getLastConfirmedAt()), false, null);
  }

  // ------------------------------------------------------ features, permissions

  static Set<Permission> permissions(Collection<FeatureEnum> features) {
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    FEATURES.forEach((permission, needed) -> {
      if (needed.stream().anyMatch(features::contains)) {
        permissions.add(permission);
      }
    });
    return permissions;
  }

  /**
   * The features to request for {@code permissions}, limited to those the institution offers, in
   * Yapily's enum order so requests are deterministic.
   */
  static Set<FeatureEnum> featureScope(Collection<Permission> permissions, Set<FeatureEnum> offered) {
    Set<FeatureEnum> scope = EnumSet.noneOf(FeatureEnum.class);
    for (Permission permission : permissions) {
      FEATURES.getOrDefault(permission, Set.of()).stream().filter(offered::contains).forEach(scope::add);
    }
    return scope;
  }

  /**
   * The account-data features an institution offers, from the attribute {@link #institution} left
   * on it; every account-data feature when the attribute is missing (Yapily then refuses what the
   * bank lacks).
   */
  static Set<FeatureEnum> offeredFeatures(Institution institution) {
    String listed = institution.providerAttributes().get(ATTR_FEATURES);
    return listed == null ? EnumSet.copyOf(ACCOUNT_DATA_FEATURES) : parseFeatures(listed);
  }

  static boolean needsPreAuthorisation(Institution institution) {
    return Boolean.parseBoolean(institution.providerAttributes().get(ATTR_PRE_AUTHORISATION));
  }

  static boolean needsPreAuthorisation(Collection<FeatureEnum> features) {
    return features.stream().anyMatch(PRE_AUTHORISATION_FEATURES::contains);
  }

  static boolean connectable(Collection<FeatureEnum> features) {
    return features.contains(FeatureEnum.INITIATE_ACCOUNT_REQUEST) || needsPreAuthorisation(features);
  }

  static String joinFeatures(Collection<FeatureEnum> features) {
    return features.stream().map(FeatureEnum::getValue).collect(Collectors.joining(","));
  }

  static Set<FeatureEnum> parseFeatures(String joined) {
    Set<FeatureEnum> features = EnumSet.noneOf(FeatureEnum.class);
    for (String name : joined.split(",")) {
      FeatureEnum feature = FeatureEnum.fromValue(name.trim());
      if (feature != FeatureEnum.UNKNOWN_DEFAULT_OPEN_API) {
        features.add(feature);
      }
    }
    return features;
  }

  // --------------------------------------------------------------- institutions

  static Environment environment(EnvironmentType type) {
    if (type == null) {
      return Environment.LIVE;
    }
    return switch (type) {
      case SANDBOX -> Environment.SANDBOX;
      case MOCK -> Environment.MOCK;
      default -> Environment.LIVE;
    };
  }

  static Institution institution(dev.consentgw.clients.yapily.model.Institution yapily) {
    Set<FeatureEnum> features = yapily.getFeatures() == null ? Set.of() : yapily.getFeatures();
    Map<String, String> attributes = new HashMap<>();
    attributes.put(ATTR_FEATURES, joinFeatures(features.stream().filter(ACCOUNT_DATA_FEATURES::contains)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(FeatureEnum.class)))));
    if (needsPreAuthorisation(features)) {
      attributes.put(ATTR_PRE_AUTHORISATION, "true");
    }
    String name = yapily.getName() != null ? yapily.getName() : yapily.getId();
    return new Institution(YapilyAdapter.ID, yapily.getId(), name, yapily.getFullName(),
        countries(yapily.getCountries()), logoUrl(yapily.getMedia()), permissions(features),
        connectable(features), environment(yapily.getEnvironmentType()), attributes);
  }

  static List<String> countries(Collection<Country> countries) {
    if (countries == null) {
      return List.of();
    }
    return countries.stream()
        .map(Country::getCountryCode2)
        .filter(code -> code != null && !code.isBlank())
        .map(code -> code.trim().toUpperCase(Locale.ROOT))
        .collect(Collectors.toCollection(LinkedHashSet::new))
        .stream().toList();
  }

  /** The logo, else the icon, else none. */
  static String logoUrl(Collection<Media> media) {
    if (media == null) {
      return null;
    }
    String icon = null;
    for (Media item : media) {
      if (item.getSource() == null || item.getType() == null) {
        continue;
      }
      if (item.getType().equalsIgnoreCase("logo")) {
        return item.getSource();
      }
      if (icon == null && item.getType().equalsIgnoreCase("icon")) {
        icon = item.getSource();
      }
    }
    return icon;
  }

  // ------------------------------------------------------------------ callbacks

  /**
   * The journey's end when Yapily redirected with {@code error} parameters. The description is
   * written here: the upstream text may echo user data, so only short codes are repeated.
   */
  static CallbackResult callbackError(ProviderConsentRef ref, CallbackParams params) {
    String error = params.get("error").orElse("");
    String source = params.get("error-source").orElse("");
    boolean denied = error.equalsIgnoreCase(ERROR_ACCESS_DENIED) || source.equalsIgnoreCase("USER");
    String description = denied
        ? "The user did not authorise access at the bank."
        : "The authorisation ended with error " + safe(error) + " reported by " + safe(source) + ".";
    return new CallbackResult(denied ? ConsentStatus.REJECTED : ConsentStatus.FAILED, ref.providerConsentId(),
        null, null, denied ? ERROR_ACCESS_DENIED : ERROR_PROVIDER, description, null, null, Map.of());
  }

  /** Yapily sent the browser back with neither a consent nor an error: nothing can be completed. */
  /** The browser brought a consent token although the gateway asked Yapily for a one-time token. */
  static CallbackResult unexpectedCallback(ProviderConsentRef ref) {
    return new CallbackResult(ConsentStatus.FAILED, ref.providerConsentId(), null, null, ERROR_CALLBACK_INVALID,
        "The return from Yapily did not carry the one-time token the gateway asked for.", null, null, Map.of());
  }

  /**
   * Yapily returned several consents on one callback (its multiple-consents case). The gateway runs
   * one consent per journey, and choosing one of them would be arbitrary: the journey fails and
   * none is kept.
   */
  static CallbackResult severalConsents(ProviderConsentRef ref) {
    return new CallbackResult(ConsentStatus.FAILED, ref.providerConsentId(), null, null, ERROR_CALLBACK_INVALID,
        "Yapily returned several consents for one journey; the gateway keeps one consent per journey, so none was"
            + " kept. Start a new consent.", null, null, Map.of());
  }

  /** The token of a renewal's return stood for another consent than the one being renewed. */
  static CallbackResult foreignConsent(ProviderConsentRef ref) {
    return new CallbackResult(ConsentStatus.FAILED, ref.providerConsentId(), null, null, ERROR_CALLBACK_INVALID,
        "The return from Yapily concerned another consent than the one being renewed.", null, null, Map.of());
  }

  static CallbackResult emptyCallback(ProviderConsentRef ref) {
    return new CallbackResult(ConsentStatus.FAILED, ref.providerConsentId(), null, null, ERROR_PROVIDER,
        "Yapily returned without a consent or an error.", null, null, Map.of());
  }

  /** The stable error code for a journey that ended in {@code status}; null when it did not fail. */
  static String errorCode(ConsentStatus status) {
    return switch (status) {
      case REJECTED -> ERROR_ACCESS_DENIED;
      case FAILED, EXPIRED, REVOKED -> ERROR_PROVIDER;
      default -> null;
    };
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String safe(String code) {
    return SAFE_CODE.matcher(code).matches() ? code : "unknown";
  }
}
