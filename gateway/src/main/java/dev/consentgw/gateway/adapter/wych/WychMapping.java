package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.model.Connection;
import dev.consentgw.clients.wych.model.DataHolder;
import dev.consentgw.gateway.provider.ConsentState;
import dev.consentgw.gateway.provider.ConsentStatus;
import dev.consentgw.gateway.provider.Environment;
import dev.consentgw.gateway.provider.Institution;
import dev.consentgw.gateway.provider.Permission;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Translates between Wych's vocabulary (CDR scopes, connection states, data holders) and the gateway's. */
final class WychMapping {

  static final String OPENID = "openid";
  static final String DEFAULT_COUNTRY = "AU";

  /** Each unified permission and the CDR scope that grants it (DESIGN.md, permission table). */
  private static final Map<Permission, String> SCOPE_OF = Map.of(
      Permission.ACCOUNTS, "bank:accounts.basic:read",
      Permission.BALANCES, "bank:accounts.basic:read",
      Permission.ACCOUNTS_DETAIL, "bank:accounts.detail:read",
      Permission.TRANSACTIONS, "bank:transactions:read",
      Permission.PAYEES, "bank:payees:read",
      Permission.REGULAR_PAYMENTS, "bank:regular_payments:read",
      Permission.CUSTOMER, "common:customer.basic:read",
      Permission.CUSTOMER_DETAIL, "common:customer.detail:read");

  /**
   * What a data holder that publishes no permissions is assumed to offer: every data holder Wych
   * lists so far is a CDR bank, and the banking plus common scopes are what the CDR obliges banks
   * to support. An energy retailer always lists its energy scopes, so it is not affected.
   */
  private static final Set<Permission> ASSUMED_WHEN_UNPUBLISHED = EnumSet.copyOf(SCOPE_OF.keySet());

  private WychMapping() {
  }

  /** The connection scopes for {@code permissions}: {@code openid} first, then in permission order, no duplicates. */
  static List<String> scopesFor(Collection<Permission> permissions) {
    Set<String> scopes = new LinkedHashSet<>();
    scopes.add(OPENID);
    EnumSet<Permission> ordered = permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
    ordered.forEach(p -> scopes.add(SCOPE_OF.get(p)));
    return List.copyOf(scopes);
  }

  /** The unified permissions that the CDR {@code scopes} grant; unknown scopes are ignored. */
  static Set<Permission> permissionsFor(Collection<String> scopes) {
    EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
    SCOPE_OF.forEach((permission, scope) -> {
      if (scopes.contains(scope)) {
        permissions.add(permission);
      }
    });
    return permissions;
  }

  /**
   * The scopes a data holder's {@code permissions} object offers. Its shape is not documented, so
   * it is read tolerantly: a key whose value is not {@code false} (or "false") counts as offered,
   * and string items of an array value count too (a key may name a scope group).
   */
  static Set<String> offeredScopes(Map<String, Object> permissions) {
    Set<String> scopes = new LinkedHashSet<>();
    permissions.forEach((key, value) -> {
      if (value instanceof Collection<?> items) {
        items.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
      }
      if (isOffered(value)) {
        scopes.add(key);
      }
    });
    return scopes;
  }

  /** The unified status of a Wych connection state; the set is open, unknown values are UNKNOWN. */
  static ConsentStatus status(String state) {
    if (state == null) {
      return ConsentStatus.UNKNOWN;
    }
    return switch (state.trim().toUpperCase(Locale.ROOT)) {
      case "PENDING", "INITIATED" -> ConsentStatus.AWAITING_AUTHORIZATION;
      case "ACTIVE" -> ConsentStatus.AUTHORIZED;
      case "REJECTED" -> ConsentStatus.REJECTED;
      case "REVOKED", "DISCONNECTED" -> ConsentStatus.REVOKED;
      case "EXPIRED" -> ConsentStatus.EXPIRED;
      default -> ConsentStatus.UNKNOWN;
    };
  }

  /**
   * A connection's state as the gateway sees it. The status may come as {@code state} or
   * {@code status} (unverified); when Wych sends it, the consent's expiry too.
   */
  static ConsentState consentState(Connection connection) {
    String state = connection.getState() != null ? connection.getState() : connection.getStatus();
    return new ConsentState(status(state), null, instant(connection.getExpiry()));
  }

  /** A catalogue entry for one data holder. */
  static Institution institution(DataHolder holder, Environment environment) {
    Map<String, Object> published = holder.getPermissions();
    // The generated model turns an absent permissions object into an empty map: both mean "unpublished".
    Set<Permission> permissions = published == null || published.isEmpty()
        ? ASSUMED_WHEN_UNPUBLISHED
        : permissionsFor(offeredScopes(published));
    String country = holder.getCountry() == null || holder.getCountry().isBlank()
        ? DEFAULT_COUNTRY
        : holder.getCountry().trim().toUpperCase(Locale.ROOT);
    return new Institution(
        WychErrorReader.PROVIDER,
        holder.getId().toString(),
        holder.getName() == null ? holder.getId().toString() : holder.getName(),
        null,
        List.of(country),
        holder.getLogoUri() == null ? null : holder.getLogoUri().toString(),
        permissions,
        // A data holder must say it is connectable; it is enabled unless it says otherwise.
        Boolean.TRUE.equals(holder.getConnectable()) && !Boolean.FALSE.equals(holder.getEnabled()),
        environment,
        Map.of());
  }

  /** An ISO 8601 instant from an unverified field; null when absent or not a date-time. */
  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isOffered(Object value) {
    if (value == null || Boolean.FALSE.equals(value)) {
      return false;
    }
    return !(value instanceof String text) || !text.trim().equalsIgnoreCase("false");
  }

  /** Data holders without a usable id cannot be connected to or referred to: they are skipped. */
  static List<Institution> institutions(List<DataHolder> holders, Environment environment) {
    List<Institution> result = new ArrayList<>(holders.size());
    for (DataHolder holder : holders) {
      if (holder != null && holder.getId() != null) {
        result.add(institution(holder, environment));
      }
    }
    return result;
  }
}
