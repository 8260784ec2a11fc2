package io.tourbook.listing.http;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.listing.model.ListingDocuments;
import io.tourbook.listing.model.ListingSettings;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.model.SearchCriteria.Sort;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.Pages.Page;
import io.tourbook.platform.http.QueryParams;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the query of {@code GET /listings}: every parameter is known, given at most
 * once, and well-formed, or the request is a 400. Numbers are plain decimals (no NaN, Infinity or
 * hex), enums come from fixed sets, and the text may not hold control characters.
 */
final class SearchParams {

  private static final Set<String> KNOWN =
      Set.of(
          "near",
          "radiusKm",
          "type",
          "offer",
          "minPrice",
          "maxPrice",
          "currency",
          "q",
          "providerId",
          "sort",
          "page",
          "size");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,12}(\\.\\d{1,12})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private SearchParams() {}

  static SearchCriteria parse(
      RoutingContext ctx, Caller caller, ListingSettings settings, Pages pages) {
    QueryParams.allowOnly(ctx, KNOWN);
    GeoPoint near = near(QueryParams.single(ctx, "near"));
    String radius = QueryParams.single(ctx, "radiusKm");
    if (radius != null && near == null) {
      throw ApiException.badRequest("radiusKm needs near.");
    }
    double radiusKm = radius == null ? settings.defaultRadiusKm() : decimal("radiusKm", radius);
    if (!(radiusKm > 0) || radiusKm > settings.maxRadiusKm()) {
      throw ApiException.badRequest(
          "radiusKm must be above 0 and at most " + settings.maxRadiusKm() + ".");
    }
    Double minPrice = price(ctx, "minPrice");
    Double maxPrice = price(ctx, "maxPrice");
    if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
      throw ApiException.badRequest("minPrice must not be above maxPrice.");
    }
    String providerId = QueryParams.id(ctx, "providerId");
    Sort sort = sort(QueryParams.single(ctx, "sort"), near != null);
    Page page = pages.page(ctx);
    return new SearchCriteria(
        near,
        radiusKm,
        QueryParams.oneOf(ctx, "type", ListingDocuments.TYPES),
        QueryParams.oneOf(ctx, "offer", ListingDocuments.OFFERS),
        minPrice,
        maxPrice,
        matching(ctx, "currency", CURRENCY, "an ISO 4217 code such as USD"),
        text(QueryParams.single(ctx, "q"), settings.maxQueryLength()),
        providerId,
        sort,
        page,
        caller.subject().equals(providerId));
  }

  private static GeoPoint near(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split(",", -1);
    if (parts.length != 2) {
      throw ApiException.badRequest("near must be lat,lon.");
    }
    double lat = decimal("near", parts[0].strip());
    double lon = decimal("near", parts[1].strip());
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      throw ApiException.badRequest(
          "near must be lat,lon with lat in [-90, 90], lon in [-180, 180].");
    }
    return new GeoPoint(lat, lon);
  }

  private static Sort sort(String value, boolean hasCentre) {
    if (value == null) {
      return hasCentre ? Sort.DISTANCE : Sort.NEWEST;
    }
    Sort sort =
        Sort.parse(value)
            .orElseThrow(
                () -> ApiException.badRequest("sort must be one of distance, price, newest."));
    if (sort == Sort.DISTANCE && !hasCentre) {
      throw ApiException.badRequest("sort=distance needs near.");
    }
    return sort;
  }

  private static Double price(RoutingContext ctx, String name) {
    String value = QueryParams.single(ctx, name);
    if (value == null) {
      return null;
    }
    double price = decimal(name, value);
    if (price < 0) {
      throw ApiException.badRequest(name + " must not be negative.");
    }
    return price;
  }

  private static String matching(RoutingContext ctx, String name, Pattern pattern, String what) {
    String value = QueryParams.single(ctx, name);
    if (value != null && !pattern.matcher(value).matches()) {
      throw ApiException.badRequest(name + " must be " + what + ".");
    }
    return value;
  }

  private static String text(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    String text = value.strip();
    if (text.isEmpty() || text.length() > maxLength || CONTROL.matcher(text).find()) {
      throw ApiException.badRequest(
          "q must be 1 to " + maxLength + " characters without control characters.");
    }
    return text;
  }

  private static double decimal(String name, String value) {
    if (!DECIMAL.matcher(value).matches()) {
      throw ApiException.badRequest(name + " must be a decimal number.");
    }
    return Double.parseDouble(value);
  }
}
