package io.tourbook.listing.model;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.platform.http.Pages.Page;
import java.util.Locale;
import java.util.Optional;

/**
 * A validated listing search. Optional filters are null when not given.
 *
 * @param near the centre of a geo search, or null
 * @param radiusKm the radius around {@code near}; meaningless without it
 * @param includeHidden whether listings hidden from the public (provider suspended or unverified)
 *     are included: only when the caller searches their own listings
 */
public record SearchCriteria(
    GeoPoint near,
    double radiusKm,
    String type,
    String offer,
    Double minPrice,
    Double maxPrice,
    String currency,
    String text,
    String providerId,
    Sort sort,
    Page page,
    boolean includeHidden) {

  /** The orders a search can return: nearest first, cheapest first, or newest first. */
  public enum Sort {
    DISTANCE,
    PRICE,
    NEWEST;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Sort> parse(String value) {
      for (Sort sort : values()) {
        if (sort.wireName().equals(value)) {
          return Optional.of(sort);
        }
      }
      return Optional.empty();
    }
  }

  public SearchCriteria {
    if (sort == Sort.DISTANCE && near == null) {
      throw new IllegalArgumentException("sorting by distance needs a centre");
    }
  }
}
