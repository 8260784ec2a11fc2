package io.tourbook.listing.model;

import io.vertx.core.json.JsonObject;

/**
 * The listing service's tunables, from the {@code listing} section of the configuration.
 *
 * @param defaultRadiusKm the search radius when {@code near} is given without {@code radiusKm}
 * @param maxRadiusKm the largest {@code radiusKm} a search may ask for
 * @param maxCandidates how many listings inside a geo search's bounding box are read and filtered
 *     by exact distance; a search matching more is answered from the first ones and marked {@code
 *     truncated}
 * @param maxQueryLength the longest text {@code q} accepted
 * @param maxIds the most ids one {@code getListings} call may ask for
 */
public record ListingSettings(
    double defaultRadiusKm, double maxRadiusKm, int maxCandidates, int maxQueryLength, int maxIds) {

  public ListingSettings {
    if (defaultRadiusKm <= 0 || maxRadiusKm <= 0 || defaultRadiusKm > maxRadiusKm) {
      throw new IllegalArgumentException(
          "listing.search radii must be positive with default-radius-km <= max-radius-km");
    }
    if (maxCandidates < 1 || maxQueryLength < 1 || maxIds < 1) {
      throw new IllegalArgumentException("listing limits must be positive");
    }
  }

  public static ListingSettings from(JsonObject config) {
    JsonObject listing = config.getJsonObject("listing", new JsonObject());
    JsonObject search = listing.getJsonObject("search", new JsonObject());
    JsonObject service = listing.getJsonObject("service", new JsonObject());
    return new ListingSettings(
        number(search, "default-radius-km", 10).doubleValue(),
        number(search, "max-radius-km", 200).doubleValue(),
        number(search, "max-candidates", 2000).intValue(),
        number(search, "max-query-length", 100).intValue(),
        number(service, "max-ids", 50).intValue());
  }

  private static Number number(JsonObject section, String key, Number fallback) {
    Object value = section.getValue(key);
    return value instanceof Number number ? number : fallback;
  }
}
