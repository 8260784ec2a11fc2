package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
          Column.km("LEG KM", "legKm"),
          Column.time("START", "start"),
          Column.time("END", "end"));

  static final List<Column> SCHEDULE =
      List.of(
          Column.of("SCHEDULE", "scheduleId"),
          Column.of("REVISION", "revision"),
          Column.time("START", "start"),
          Column.time("END", "end"),
          Column.of("TIME ZONE", "timeZone"));

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
      JsonObject schedule = tour.getJsonObject("schedule");
      output.section(
          "Itinerary", stops(itinerary, tour.getJsonArray("listings"), schedule), ITINERARY);
      output.section(
          "Schedule", schedule == null ? new JsonArray() : new JsonArray().add(schedule), SCHEDULE);
    }

    /** The itinerary's stops with their listings' titles and, once scheduled, their times. */
    private static JsonArray stops(JsonArray itinerary, JsonArray listings, JsonObject schedule) {
      JsonArray timed = schedule == null ? null : schedule.getJsonArray("stops");
      JsonArray stops = new JsonArray();
      for (Object stop : itinerary) {
        JsonObject copy = ((JsonObject) stop).copy();
        String listingId = copy.getString("listingId", "");
        byListing(listings, listingId)
            .ifPresent(listing -> copy.put("title", listing.getString("title")));
        byListing(timed, listingId)
            .ifPresent(
                times ->
                    copy.put("start", times.getValue("start")).put("end", times.getValue("end")));
        stops.add(copy);
      }
      return stops;
    }

    private static Optional<JsonObject> byListing(JsonArray items, String listingId) {
      if (items == null) {
        return Optional.empty();
      }
      return items.stream()
          .filter(JsonObject.class::isInstance)
          .map(JsonObject.class::cast)
          .filter(item -> listingId.equals(item.getString("listingId")))
          .findFirst();
    }
  }
}
