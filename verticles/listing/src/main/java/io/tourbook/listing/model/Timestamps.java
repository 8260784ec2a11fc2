package io.tourbook.listing.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as ISO-8601 UTC strings with exactly three fraction digits, so that the stored strings
 * sort in time order (Instant.toString drops zero fractions, which breaks the "newest" sort).
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  public static String now() {
    return format(Instant.now());
  }
}
