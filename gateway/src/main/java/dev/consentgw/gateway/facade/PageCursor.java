package dev.consentgw.gateway.facade;

import dev.consentgw.gateway.facade.ProblemDocument.FieldError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Paging for list operations. Cursors are opaque: the offset of the next page, or for lists that
 * grow while a client pages (transactions) the position of the last item sent, bound to a checksum
 * of the filters it was issued for, so that a cursor reused with other filters is rejected instead
 * of paging wrongly.
 */
final class PageCursor {

  /** One page of results and the cursor of the next page (null on the last page). */
  record Page<R>(List<R> items, String nextCursor) {
  }

  private PageCursor() {
  }

  /**
   * The page of {@code items} matching {@code filter} that {@code cursor} points at, mapped with
   * {@code map}. Only the items on the page are mapped.
   */
  static <T, R> Page<R> page(Iterable<T> items, Predicate<T> filter, String cursor, String filters, int limit,
      Function<T, R> map) {
    int offset = decode(cursor, filters);
    List<R> page = new ArrayList<>(Math.min(limit, 64));
    int matched = 0;
    for (T item : items) {
      if (!filter.test(item) || matched++ < offset) {
        continue;
      }
      if (page.size() == limit) {
        return new Page<>(page, encode(offset + limit, filters));
      }
      page.add(map.apply(item));
    }
    return new Page<>(page, null);
  }

  /**
   * A cursor naming a position in an order (for lists where new items may arrive while the client
   * pages): the position's parts, bound to the filters' checksum.
   */
  static String encodePosition(List<String> parts, String filters) {
    List<String> all = new ArrayList<>(parts);
    all.add(checksum(filters));
    StringBuilder raw = new StringBuilder();
    for (String part : all) {
      raw.append(raw.isEmpty() ? "" : ".")
          .append(Base64.getUrlEncoder().withoutPadding().encodeToString(part.getBytes(StandardCharsets.UTF_8)));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** The {@code size} parts of a position cursor; empty without a cursor; 400 when it is not one issued for {@code filters}. */
  static List<String> decodePosition(String cursor, String filters, int size) {
    if (cursor == null) {
      return List.of();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String[] encoded = raw.split("\\.", -1);
      if (encoded.length != size + 1) {
        throw invalid();
      }
      List<String> parts = new ArrayList<>();
      for (String part : encoded) {
        parts.add(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
      }
      if (!parts.remove(size).equals(checksum(filters))) {
        throw invalid();
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  /** The same 400 as for any cursor that was not issued for these filters. */
  static ProblemException invalidCursor() {
    return invalid();
  }

  private static String encode(int offset, String filters) {
    String raw = offset + "." + checksum(filters);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** The offset a cursor points at; 0 without a cursor. */
  private static int decode(String cursor, String filters) {
    if (cursor == null) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      int dot = raw.indexOf('.');
      int offset = Integer.parseInt(raw.substring(0, dot));
      if (offset < 0 || !raw.substring(dot + 1).equals(checksum(filters))) {
        throw invalid();
      }
      return offset;
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw invalid();
    }
  }

  private static String checksum(String filters) {
    CRC32 crc = new CRC32();
    crc.update(filters.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  private static ProblemException invalid() {
    return new ProblemException(new ProblemDocument(400, "validation_failed", "The request is not valid",
        "The cursor is malformed or was issued for different filters.", null,
        List.of(new FieldError("/query/cursor", "is not a cursor issued for these filters")), 0));
  }
}
