package io.tourbook.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "schedules",
    description = "Appointments: list.",
    subcommands = {ScheduleCommands.ListSchedules.class})
final class ScheduleCommands {

  enum Status {
    scheduled,
    completed,
    cancelled
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("TOUR", "tourId"),
          Column.of("REALTOR", "realtorId"),
          Column.time("START", "start"),
          Column.time("END", "end"),
          Column.of("STATUS", "status"));

  @Command(name = "list", description = "Schedules, with optional filters.")
  static final class ListSchedules extends AdminCommand {
    @Option(names = "--tour", paramLabel = "TOUR_ID")
    String tour;

    @Option(names = "--realtor", paramLabel = "ACCOUNT_ID")
    String realtor;

    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Starting at or after.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Starting before.")
    Instant to;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("tourId", tour);
      query.put("realtorId", realtor);
      query.put("status", status);
      query.put("from", from);
      query.put("to", to);
      output().list(api().get("/schedules", paging.addTo(query, spec)), COLUMNS);
    }
  }
}
