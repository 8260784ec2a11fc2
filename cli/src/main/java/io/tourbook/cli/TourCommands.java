package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "tours",
    description = "Tours: list, show (with the itinerary and the schedule).",
    subcommands = {TourCommands.ListTours.class, TourCommands.ShowTour.class})
final class TourCommands {

  enum Status {
    PENDING,
    ASSIGNED,
    SCHEDULED,
    COMPLETED,
    CANCELLED
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("STATUS", "status"),
          Column.of("CUSTOMER", "customerId"),
          Column.of("REALTOR", "realtorId"),
          Column.count("LISTINGS", "listings"),
          Column.time("START", "schedule.start"),
          Column.time("CREATED", "createdAt"));

  static final List<Column> ITINERARY =
      List.of(
          Column.of("STOP", "order"),
          Column.of("LISTING", "listingId"),
          Column.of("TITLE", "title"),
          Column.of("LAT", "location.lat"),
          Column.of("LON", "location.lon"),
          Column.of("LEG KM", "legKm"));

  static final List<Column> SCHEDULE =
      List.of(
          Column.time("START", "start"),
          Column.time("END", "end"),
          Column.of("STATUS", "status"),
          Column.of("SCHEDULE", "id", "scheduleId"));

  @Command(name = "list", description = "Tours, newest first.")
  static final class ListTours extends AdminCommand {
    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--customer", paramLabel = "ACCOUNT_ID")
    String customer;

    @Option(names = "--realtor", paramLabel = "ACCOUNT_ID")
    String realtor;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("status", status);
      query.put("customerId", customer);
      query.put("realtorId", realtor);
      output().list(api().get("/tours", paging.addTo(query, spec)), COLUMNS);
    }
  }

  @Command(name = "show", description = "One tour, its itinerary and its schedule.")
  static final class ShowTour extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      JsonObject tour = api().get("/tours/" + AdminApi.segment(id), Map.of());
      Output output = output();
      output.record(tour, Set.of("itinerary", "schedule", "listings", "preferredTimes"));
      if (output.json()) {
        return;
      }
      JsonArray itinerary = tour.getJsonArray("itinerary", new JsonArray());
      output.section("Itinerary", withTitles(itinerary, tour.getJsonArray("listings")), ITINERARY);
      JsonObject schedule = tour.getJsonObject("schedule");
      output.section(
          "Schedule", schedule == null ? new JsonArray() : new JsonArray().add(schedule), SCHEDULE);
    }

    /** The itinerary's stops with the titles of their listings. */
    private static JsonArray withTitles(JsonArray itinerary, JsonArray listings) {
      JsonArray stops = new JsonArray();
      for (Object stop : itinerary) {
        JsonObject copy = ((JsonObject) stop).copy();
        if (listings != null) {
          listings.stream()
              .map(JsonObject.class::cast)
              .filter(
                  listing -> listing.getString("listingId", "").equals(copy.getString("listingId")))
              .findFirst()
              .ifPresent(listing -> copy.put("title", listing.getString("title")));
        }
        stops.add(copy);
      }
      return stops;
    }
  }
}
