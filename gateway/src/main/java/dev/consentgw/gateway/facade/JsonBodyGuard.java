package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Strict reading of request bodies, before the contract validator sees them: the body must be
 * {@code application/json} (optionally {@code charset=utf-8}, else 415), strict UTF-8 (no overlong
 * or other invalid sequences, no byte-order mark, no raw NUL, so UTF-16 too is refused) and JSON
 * without duplicate member names (else 400 {@code validation_failed} with a pointer). It also spares
 * the validator inputs it cannot take: its email format check throws on an empty string.
 */
public final class JsonBodyGuard implements InputTrustHandler {

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  /** Members with {@code format: email} in the contract (see {@code ConsentUserInput}). */
  private static final List<String> EMAIL_POINTERS = List.of("/user/email");
  private static final String JSON_TYPE = "application/json";
  private static final String FACADE_PREFIX = "/v1/";

  @Override
  public void handle(RoutingContext rc) {
    // Root handlers of the contract's router see every route of it (the sandbox's too): only the facade's API is JSON.
    if (rc.request().path() == null || !rc.request().path().startsWith(FACADE_PREFIX)) {
      rc.next();
      return;
    }
    Buffer body = rc.body().buffer();
    String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if ((body == null || body.length() == 0) && contentType == null) {
      rc.next();
      return;
    }
    if (!isJson(contentType)) {
      rc.fail(new ProblemException(ProblemMapper.map(null, 415, false)));
      return;
    }
    if (body == null || body.length() == 0) {
      rc.next();
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      rc.fail(invalid("", "The body is not valid UTF-8."));
      return;
    }
    if (text.startsWith("\uFEFF")) {
      rc.fail(invalid("", "The body must not start with a byte-order mark."));
      return;
    }
    if (text.indexOf('\u0000') >= 0) {
      rc.fail(invalid("", "The body contains a NUL character (UTF-16 is not accepted)."));
      return;
    }
    String problem = scan(text);
    if (problem != null) {
      int split = problem.indexOf(' ');
      rc.fail(invalid(problem.substring(0, split), problem.substring(split + 1)));
      return;
    }
    rc.next();
  }

  /** Null when the JSON is acceptable, else "pointer detail". */
  private static String scan(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING && parser.getTextLength() == 0
            && EMAIL_POINTERS.contains(parser.getParsingContext().pathAsPointer().toString())) {
          return parser.getParsingContext().pathAsPointer() + " Must be an email address.";
        }
      }
      return null;
    } catch (JsonProcessingException e) {
      String pointer = e.getProcessor() instanceof JsonParser p ? p.getParsingContext().pathAsPointer().toString() : "";
      String message = e.getOriginalMessage();
      return pointer + " " + (message.startsWith("Duplicate field") ? "Duplicate member name." : "Not valid JSON.");
    } catch (IOException e) {
      return " Not valid JSON.";
    }
  }

  /** {@code application/json}, with at most a {@code charset=utf-8} parameter. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(JSON_TYPE)) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    if (parts.length > 2) {
      return false;
    }
    String[] parameter = parts[1].trim().split("=", 2);
    return parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")
        && parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8");
  }

  private static ProblemException invalid(String pointer, String detail) {
    return new ProblemException(new ProblemDocument(400, "validation_failed", "The request is not valid",
        "One or more inputs do not match the API contract.", null,
        List.of(new ProblemDocument.FieldError(pointer, detail)), 0));
  }
}
