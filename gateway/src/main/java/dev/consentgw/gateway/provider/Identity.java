package dev.consentgw.gateway.provider;

import java.util.List;

/** The holder of the accounts behind a consent; any member may be null. */
public record Identity(String fullName, String firstName, String lastName, String email, String phone,
    List<Address> addresses) {

  public Identity {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /** A postal address; {@code country} is ISO 3166-1 alpha-2 where known. */
  public record Address(List<String> lines, String city, String postalCode, String country) {
    public Address {
      lines = lines == null ? List.of() : List.copyOf(lines);
    }
  }

  /** The identity without contact details (for a consent without {@code customer.detail}). */
  public Identity nameOnly() {
    return new Identity(fullName, firstName, lastName, null, null, List.of());
  }
}
