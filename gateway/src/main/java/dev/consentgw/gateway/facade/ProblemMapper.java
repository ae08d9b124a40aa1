package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.facade.ProblemDocument.FieldError;
import dev.consentgw.gateway.journey.JourneyFailure;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.store.StoreUnavailableException;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into a problem document with a stable code: the one table that says which
 * outcome surfaces as which status and code. Nothing upstream (bodies, messages) ever leaks through:
 * provider details come from the adapters' own sentences, unknown failures become a bare
 * {@code internal_error}.
 */
public final class ProblemMapper {

  private record Entry(int status, String code, String title) {
  }

  private static final Map<JourneyFailure.Reason, Entry> JOURNEY = new EnumMap<>(JourneyFailure.Reason.class);
  private static final Map<ProviderError.Kind, Entry> PROVIDER = new EnumMap<>(ProviderError.Kind.class);
  /** Calls the gateway refused to make (circuit open, in-flight limit): nothing went upstream. */
  private static final Map<ProviderError.Kind, Entry> REFUSED = new EnumMap<>(ProviderError.Kind.class);
  /** The range the contract allows for {@code Retry-After}, in seconds. */
  private static final long MIN_RETRY_AFTER_SECONDS = 1;
  private static final long MAX_RETRY_AFTER_SECONDS = 3600;

  static {
    JOURNEY.put(JourneyFailure.Reason.INVALID_INPUT, new Entry(400, "validation_failed", "The request is not valid"));
    JOURNEY.put(JourneyFailure.Reason.INSTITUTION_NOT_FOUND, new Entry(422, "institution_not_found", "Unknown institution"));
    JOURNEY.put(JourneyFailure.Reason.INSTITUTION_NOT_CONNECTABLE,
        new Entry(422, "institution_not_connectable", "The institution does not accept new consents"));
    JOURNEY.put(JourneyFailure.Reason.PERMISSION_NOT_SUPPORTED,
        new Entry(422, "permission_not_supported", "A requested permission is not supported"));
    JOURNEY.put(JourneyFailure.Reason.REDIRECT_URL_NOT_ALLOWED,
        new Entry(422, "redirect_url_not_allowed", "The redirect URL is not registered"));
    JOURNEY.put(JourneyFailure.Reason.PROVIDER_NOT_ENABLED,
        new Entry(422, "provider_not_enabled", "The provider is not enabled for your tenant"));
    JOURNEY.put(JourneyFailure.Reason.CONSENT_NOT_FOUND, new Entry(404, "consent_not_found", "Consent not found"));
    JOURNEY.put(JourneyFailure.Reason.IDEMPOTENCY_CONFLICT,
        new Entry(422, "idempotency_conflict", "Idempotency-Key reused with a different request"));
    JOURNEY.put(JourneyFailure.Reason.IDEMPOTENCY_IN_PROGRESS,
        new Entry(409, "idempotency_in_progress", "A request with this Idempotency-Key is still running"));
    JOURNEY.put(JourneyFailure.Reason.CALLBACK_INVALID, new Entry(400, "callback_invalid", "Invalid callback"));
    JOURNEY.put(JourneyFailure.Reason.JOURNEY_NOT_FOUND, new Entry(404, "journey_not_found", "Unknown journey"));
    JOURNEY.put(JourneyFailure.Reason.JOURNEY_ALREADY_COMPLETED,
        new Entry(409, "journey_already_completed", "Journey already completed"));
    JOURNEY.put(JourneyFailure.Reason.JOURNEY_EXPIRED, new Entry(410, "journey_expired", "Journey expired"));
    JOURNEY.put(JourneyFailure.Reason.JOURNEY_BINDING_MISSING,
        new Entry(403, "journey_binding_missing", "Journey not started in this browser"));
    JOURNEY.put(JourneyFailure.Reason.CONSENT_NOT_ACTIVE, new Entry(409, "consent_not_active", "The consent is not active"));
    JOURNEY.put(JourneyFailure.Reason.PERMISSION_NOT_GRANTED,
        new Entry(403, "permission_not_granted", "The consent does not grant this permission"));
    JOURNEY.put(JourneyFailure.Reason.ACCOUNT_NOT_FOUND, new Entry(404, "account_not_found", "Account not found"));
    JOURNEY.put(JourneyFailure.Reason.REAUTHORISATION_NOT_SUPPORTED,
        new Entry(422, "reauthorisation_not_supported", "Re-authorisation not supported"));
    JOURNEY.put(JourneyFailure.Reason.RECONFIRMATION_NOT_SUPPORTED,
        new Entry(422, "reconfirmation_not_supported", "Reconfirmation not supported"));
    JOURNEY.put(JourneyFailure.Reason.REVOCATION_UNCONFIRMED,
        new Entry(502, "revocation_unconfirmed", "Revocation unconfirmed"));

    PROVIDER.put(ProviderError.Kind.TIMEOUT, new Entry(504, "upstream_timeout", "The provider did not answer in time"));
    PROVIDER.put(ProviderError.Kind.UNAVAILABLE, new Entry(502, "provider_unavailable", "The provider is unavailable"));
    PROVIDER.put(ProviderError.Kind.INSTITUTION_UNAVAILABLE,
        new Entry(502, "institution_unavailable", "The institution is unavailable"));
    PROVIDER.put(ProviderError.Kind.AUTHENTICATION, new Entry(502, "provider_unavailable", "The provider is unavailable"));
    PROVIDER.put(ProviderError.Kind.REJECTED, new Entry(502, "provider_error", "The provider rejected the request"));
    PROVIDER.put(ProviderError.Kind.NOT_FOUND, new Entry(502, "provider_error", "The provider rejected the request"));
    PROVIDER.put(ProviderError.Kind.UNSUPPORTED, new Entry(502, "provider_error", "The provider rejected the request"));
    PROVIDER.put(ProviderError.Kind.CONSENT_INACTIVE, new Entry(409, "consent_not_active", "The consent is not active"));

    REFUSED.put(ProviderError.Kind.UNAVAILABLE, new Entry(503, "provider_unavailable", "The provider is unavailable"));
    REFUSED.put(ProviderError.Kind.INSTITUTION_UNAVAILABLE,
        new Entry(503, "institution_unavailable", "The institution is unavailable"));
  }

  // "The value of query parameter limit is invalid", "does not contain the required header parameter X"
  private static final Pattern PARAMETER = Pattern.compile("(path|query|header|cookie) parameter ([^\\s.]+)");
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern ADDITIONAL_PROPERTY = Pattern.compile("Property \"([^\"]+)\" does not match additional");
  private static final String PATTERN_MISMATCH = "does not match pattern";
  private static final String UNKNOWN_PROPERTY = "is not a known property";
  private static final String UNSUPPORTED_BODY = "format of the request body is not supported";
  private static final ContractHints HINTS = ContractHints.load();

  private ProblemMapper() {
  }

  /**
   * The problem for a failure.
   *
   * @param callback whether the failure happened on the provider callback route (validation
   *     failures there are {@code callback_invalid})
   */
  public static ProblemDocument map(Throwable failure, int statusHint, boolean callback) {
    if (failure instanceof ProblemException p) {
      return p.problem();
    }
    if (failure instanceof JourneyFailure f) {
      Entry e = JOURNEY.get(f.reason());
      List<FieldError> errors = f.pointers().stream().map(p -> new FieldError(p, f.getMessage())).toList();
      return new ProblemDocument(e.status(), e.code(), e.title(), f.getMessage(), f.provider(), errors, 0);
    }
    if (failure instanceof ProviderFailure f) {
      ProviderError.Kind kind = f.error().kind();
      Entry refused = f.retryAfter().map(wait -> REFUSED.get(kind)).orElse(null);
      Entry e = refused != null ? refused : PROVIDER.get(kind);
      long retryAfter = refused != null ? retryAfterSeconds(f.retryAfter().orElseThrow()) : 0;
      return new ProblemDocument(e.status(), e.code(), e.title(), f.error().detail(), f.error().provider(), List.of(),
          retryAfter);
    }
    if (failure instanceof StoreUnavailableException s) {
      return new ProblemDocument(503, "store_unavailable", "Service temporarily unavailable",
          "The gateway cannot reach its consent registry at the moment; retry after Retry-After seconds.", null,
          List.of(), retryAfterSeconds(s.retryAfter()));
    }
    int status = failure instanceof HttpException h ? h.getStatusCode() : statusHint;
    if (status == 400) {
      List<FieldError> errors = validationErrors(failure);
      return callback
          ? new ProblemDocument(400, "callback_invalid", "Invalid callback",
              "The callback's parameters are not valid.", null, errors, 0)
          : new ProblemDocument(400, "validation_failed", "The request is not valid",
              "One or more inputs do not match the API contract.", null, errors, 0);
    }
    return switch (status) {
      case 401 -> ProblemDocument.of(401, "unauthenticated", "Authentication required",
          "Send a valid API key as 'Authorization: Bearer <api key>'.");
      case 404 -> ProblemDocument.of(404, "not_found", "Not found", "No such resource.");
      case 405 -> ProblemDocument.of(405, "method_not_allowed", "Method not allowed",
          "The resource does not support this method.");
      case 408 -> ProblemDocument.of(408, "request_timeout", "Request timeout", "The request body did not arrive in time.");
      case 413 -> ProblemDocument.of(413, "payload_too_large", "Payload too large", "The request body is too large.");
      case 414 -> ProblemDocument.of(414, "uri_too_long", "URI too long",
          "The request line is longer than the gateway accepts.");
      case 417 -> ProblemDocument.of(417, "expectation_failed", "Expectation failed",
          "The gateway supports no expectation other than 100-continue.");
      case 429 -> ProblemDocument.of(429, "rate_limited", "Too many requests",
          "Your tenant's rate limit is exhausted; retry after Retry-After seconds.");
      case 431 -> ProblemDocument.of(431, "headers_too_large", "Request headers too large",
          "The request headers are larger than the gateway accepts.");
      case 505 -> ProblemDocument.of(505, "http_version_not_supported", "HTTP version not supported",
          "The gateway speaks HTTP/1.0 and HTTP/1.1 only.");
      case 415 -> ProblemDocument.of(415, "unsupported_media_type", "Unsupported media type",
          "Send the request body as application/json.");
      default -> ProblemDocument.of(500, "internal_error", "Internal error",
          "The gateway failed to process the request. Quote the traceId when contacting support.");
    };
  }

  /** Whole seconds, rounded up (never invite a retry before the gateway would try again), within the contract's range. */
  static long retryAfterSeconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    long seconds = (millis + 999) / 1000;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(MIN_RETRY_AFTER_SECONDS, seconds));
  }

  /** JSON Pointers for what the contract validator rejected. */
  static List<FieldError> validationErrors(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof ValidatorException)) {
      cause = cause.getCause();
    }
    if (!(cause instanceof ValidatorException v)) {
      return List.of();
    }
    String message = v.getMessage() == null ? "" : v.getMessage();
    Matcher parameter = PARAMETER.matcher(message);
    if (parameter.find()) {
      String pointer = "/" + parameter.group(1) + "/" + parameter.group(2);
      return List.of(new FieldError(pointer, explained(pointer, reason(message))));
    }
    if (v instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      Set<FieldError> errors = new LinkedHashSet<>();
      collect(s.getOutputUnit(), errors);
      if (!errors.isEmpty()) {
        return withoutFalseUnknowns(errors);
      }
    }
    String reason = reason(message);
    return List.of(new FieldError("", reason.contains(UNSUPPORTED_BODY)
        ? "Send the request body as JSON, with the header 'Content-Type: application/json'." : reason));
  }

  /** A known property whose value fails its schema is also reported as "additional"; only the real error stays. */
  private static List<FieldError> withoutFalseUnknowns(Set<FieldError> errors) {
    Set<String> failing = new LinkedHashSet<>();
    errors.stream().filter(e -> !UNKNOWN_PROPERTY.equals(e.detail())).forEach(e -> failing.add(e.pointer()));
    return errors.stream()
        .filter(e -> !UNKNOWN_PROPERTY.equals(e.detail()) || !failing.contains(e.pointer()))
        .toList();
  }

  /** "String does not match pattern" names the pattern and an example that fits. */
  private static String explained(String pointer, String detail) {
    if (!detail.contains(PATTERN_MISMATCH)) {
      return detail;
    }
    return HINTS.patternHint(pointer).map(hint -> "does not match the contract: " + hint).orElse(detail);
  }

  private static void collect(OutputUnit unit, Set<FieldError> into) {
    List<OutputUnit> children = unit.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(c -> collect(c, into));
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    String pointer = instancePointer(unit.getInstanceLocation());
    Matcher required = REQUIRED_PROPERTY.matcher(unit.getError());
    Matcher additional = ADDITIONAL_PROPERTY.matcher(unit.getError());
    if (required.find()) {
      into.add(new FieldError(pointer + "/" + required.group(1), "is required"));
    } else if (additional.find()) {
      into.add(new FieldError(pointer.endsWith("/" + additional.group(1)) ? pointer : pointer + "/" + additional.group(1),
          UNKNOWN_PROPERTY));
    } else if (!unit.getError().startsWith("Property \"")) {
      // "Property x does not match schema" only summarises its children's errors.
      into.add(new FieldError(pointer, explained(pointer, unit.getError())));
    }
  }

  private static String instancePointer(String location) {
    if (location == null || location.equals("#")) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }

  private static String reason(String message) {
    int at = message.indexOf("Reason: ");
    return at < 0 ? message : message.substring(at + "Reason: ".length());
  }
}
