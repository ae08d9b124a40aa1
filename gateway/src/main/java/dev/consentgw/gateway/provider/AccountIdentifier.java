package dev.consentgw.gateway.provider;

/**
 * One way to address an account in a payment scheme.
 *
 * @param scheme the unified scheme, e.g. {@code sort_code_account_number}, {@code iban},
 *     {@code bsb_account_number}, {@code masked_pan} (an open set)
 * @param masked whether the provider already masked {@code value}
 */
public record AccountIdentifier(String scheme, String value, boolean masked) {
}
