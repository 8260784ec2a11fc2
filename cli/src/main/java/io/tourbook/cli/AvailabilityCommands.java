package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "availability",
    description = "The realtor pool: list, rebuild.",
    subcommands = {AvailabilityCommands.ListRealtors.class, AvailabilityCommands.RebuildPool.class})
final class AvailabilityCommands {

  enum Status {
    available,
    booked,
    unavailable
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("REALTOR", "realtorId"),
          Column.of("STATUS", "status"),
          Column.of("LAT", "location.lat", "lat"),
          Column.of("LON", "location.lon", "lon"),
          Column.km("KM", "distanceKm"),
          Column.computed(
              "NEXT TOUR",
              item ->
                  item.getJsonArray("bookings", new JsonArray()).isEmpty()
                      ? null
                      : item.getJsonArray("bookings").getJsonObject(0).getString("tourId")),
          Column.computed(
              "BOOKINGS", item -> item.getJsonArray("bookings", new JsonArray()).size()));

  @Command(name = "list", description = "Realtors of the pool, nearest first with --near.")
  static final class ListRealtors extends AdminCommand {
    @Option(names = "--near", paramLabel = "LAT,LON")
    String near;

    @Option(names = "--radius-km", paramLabel = "KM")
    BigDecimal radiusKm;

    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("near", latLon(near, "--near"));
      query.put("radiusKm", radiusKm);
      query.put("status", status);
      output().list(api().get("/availability/realtors", paging.addTo(query, spec)), COLUMNS);
    }
  }

  @Command(
      name = "rebuild",
      description = "Rebuild the pool in Redis from iam's realtors and the active assignments.")
  static final class RebuildPool extends AdminCommand {
    @Override
    void execute() {
      JsonObject result = api().post("/availability/rebuild", new JsonObject());
      output().done("Rebuilt the realtor pool: " + result.encode(), result);
    }
  }
}
