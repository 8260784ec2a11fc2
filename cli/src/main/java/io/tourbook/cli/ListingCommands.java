package io.tourbook.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "listings",
    description = "Listings: search.",
    subcommands = {ListingCommands.SearchListings.class})
final class ListingCommands {

  enum Type {
    apartment,
    house,
    land,
    commercial
  }

  enum Offer {
    sale,
    rent,
    shortlet
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("TITLE", "title"),
          Column.of("TYPE", "type"),
          Column.of("OFFER", "offer"),
          Column.computed("PRICE", item -> Money.of(item, "price")),
          Column.of("CITY", "location.address.city"),
          Column.km("KM", "distanceKm"),
          Column.of("PROVIDER", "providerId"));

  @Command(name = "search", description = "Search listings, nearest first with --near.")
  static final class SearchListings extends AdminCommand {
    @Option(names = "--near", paramLabel = "LAT,LON", description = "Centre of the search.")
    String near;

    @Option(names = "--radius-km", paramLabel = "KM", description = "Radius around --near.")
    BigDecimal radiusKm;

    @Option(names = "--type", paramLabel = "TYPE", description = "${COMPLETION-CANDIDATES}.")
    Type type;

    @Option(names = "--offer", paramLabel = "OFFER", description = "${COMPLETION-CANDIDATES}.")
    Offer offer;

    @Option(names = "--min-price", paramLabel = "AMOUNT")
    BigDecimal minPrice;

    @Option(names = "--max-price", paramLabel = "AMOUNT")
    BigDecimal maxPrice;

    @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217, e.g. USD.")
    String currency;

    @Option(
        names = {"-q", "--query"},
        paramLabel = "TEXT",
        description = "Words in title or description.")
    String text;

    @Option(names = "--provider", paramLabel = "ACCOUNT_ID")
    String provider;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("near", latLon(near, "--near"));
      query.put("radiusKm", radiusKm);
      query.put("type", type);
      query.put("offer", offer);
      query.put("minPrice", minPrice);
      query.put("maxPrice", maxPrice);
      query.put("currency", currency);
      query.put("q", text);
      query.put("providerId", provider);
      output().list(api().get("/listings", paging.addTo(query, spec)), COLUMNS);
    }
  }
}
