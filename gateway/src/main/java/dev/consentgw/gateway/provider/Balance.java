package dev.consentgw.gateway.provider;

import java.time.Instant;

/**
 * One balance of an account.
 *
 * @param type {@code current}, {@code available}, {@code credit_limit} or {@code other} (open set)
 * @param at when the institution computed it, or null
 */
public record Balance(String type, Money amount, Instant at) {
}
