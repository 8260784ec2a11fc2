package io.tourbook.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "assignments",
    description = "Realtor assignments: list.",
    subcommands = {AssignmentCommands.ListAssignments.class})
final class AssignmentCommands {

  enum Status {
    active,
    released
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("TOUR", "tourId"),
          Column.of("REALTOR", "realtorId"),
          Column.of("STATUS", "status"),
          Column.km("KM", "distanceKm"),
          Column.time("CREATED", "createdAt"));

  @Command(name = "list", description = "Assignments, newest first.")
  static final class ListAssignments extends AdminCommand {
    @Option(names = "--tour", paramLabel = "TOUR_ID")
    String tour;

    @Option(names = "--realtor", paramLabel = "ACCOUNT_ID")
    String realtor;

    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("tourId", tour);
      query.put("realtorId", realtor);
      query.put("status", status);
      output().list(api().get("/assignments", paging.addTo(query, spec)), COLUMNS);
    }
  }
}
