package io.tourbook.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "events",
    description = "Durable event delivery: subscriptions, dead letters, live tail.",
    subcommands = {
      EventCommands.Subscriptions.class,
      EventCommands.DeadLetters.class,
      EventCommands.Tail.class
    })
final class EventCommands {

  static final List<Column> SUBSCRIPTIONS =
      List.of(
          Column.of("SUBSCRIPTION", "subscription"),
          Column.of("LAG", "pendingChanges"),
          Column.of("DEAD LETTERS", "deadLetters"),
          Column.time("CHECKPOINT AT", "checkpoint.updatedAt"),
          Column.of("CHECKPOINT EVENT", "checkpoint.eventId"));

  static final List<Column> DEAD_LETTERS =
      List.of(
          Column.of("ID", "id"),
          Column.of("SUBSCRIPTION", "subscription"),
          Column.of("TYPE", "type"),
          Column.of("SUBJECT", "subject"),
          Column.of("ATTEMPTS", "attempts"),
          Column.of("STATUS", "status"),
          Column.time("PARKED", "parkedAt"),
          Column.of("LAST ERROR", "lastError"));

  static final List<Column> EVENT =
      List.of(
          Column.time("TIME", "time"),
          Column.of("TYPE", "type"),
          Column.of("SUBJECT", "subject"),
          Column.of("ACTOR", "data.lastChange.actor"),
          Column.of("ID", "id"));

  enum LetterStatus {
    parked,
    replayed
  }

  @Command(
      name = "subscriptions",
      description = "Each subscription's checkpoint, lag (changes still to read) and dead letters.")
  static final class Subscriptions extends AdminCommand {
    @Override
    void execute() {
      output().list(api().get("/events/subscriptions", Map.of()), SUBSCRIPTIONS);
    }
  }

  @Command(
      name = "deadletters",
      description = "Events parked after their last attempt: list, show, replay.",
      subcommands = {ListLetters.class, ShowLetter.class, ReplayLetter.class})
  static final class DeadLetters {}

  @Command(name = "list", description = "Dead letters, newest first.")
  static final class ListLetters extends AdminCommand {
    @Option(names = "--subscription", paramLabel = "ID", description = "e.g. tour.tours.assignment")
    String subscription;

    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    LetterStatus status;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("subscription", subscription);
      query.put("status", status);
      output().list(api().get("/events/deadletters", paging.addTo(query, spec)), DEAD_LETTERS);
    }
  }

  @Command(name = "show", description = "One dead letter, with its event.")
  static final class ShowLetter extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      output().record(api().get("/events/deadletters/" + AdminApi.segment(id), Map.of()));
    }
  }

  @Command(
      name = "replay",
      description = "Deliver a parked event to its consumer group again (same event id).")
  static final class ReplayLetter extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      JsonObject letter =
          api().post("/events/deadletters/" + AdminApi.segment(id) + "/replay", new JsonObject());
      output()
          .done(
              "Replayed "
                  + letter.getString("type")
                  + " "
                  + letter.getString("subject")
                  + " to "
                  + letter.getString("subscription")
                  + ": the group accepted it.",
              letter);
    }
  }

  @Command(
      name = "tail",
      description = {
        "Print live events until Ctrl-C (best effort: a slow terminal may miss some).",
        "With --output json, one JSON document per line per event."
      })
  static final class Tail extends AdminCommand {
    @Option(
        names = "--type",
        paramLabel = "PATTERN",
        description = "An event type (tour.created) or a prefix ending in .* (tour.*).")
    String type;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    Integer limit;

    @Override
    void execute() {
      AdminApi api = api();
      Output output = output();
      Terminal terminal = terminal();
      terminal
          .err()
          .println("Listening for " + (type == null ? "all events" : type) + " (Ctrl-C to stop)");
      int[] printed = {0};
      api.stream(
          "/events/stream",
          type == null ? Map.of() : Map.of("type", type),
          data -> {
            JsonObject event;
            try {
              event = new JsonObject(data);
            } catch (DecodeException notJson) {
              return true;
            }
            if (output.json()) {
              terminal.out().println(event.encode());
            } else {
              terminal.out().println(line(output, event));
            }
            terminal.out().flush();
            printed[0]++;
            return limit == null || printed[0] < limit;
          });
    }

    private static String line(Output output, JsonObject event) {
      StringBuilder line = new StringBuilder();
      for (Column column : EVENT) {
        if (line.length() > 0) {
          line.append("  ");
        }
        line.append(TextTable.clean(output.cell(column.value().apply(event), column.time())));
      }
      return line.toString();
    }
  }
}
