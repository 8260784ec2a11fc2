package io.tourbook.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "commands",
    description = "Review the audit log of commands (every state-changing request).",
    subcommands = {AuditCommands.ListCommands.class, AuditCommands.ShowCommand.class})
final class AuditCommands {

  enum Outcome {
    succeeded,
    rejected,
    failed,
    aborted
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.time("AT", "at"),
          Column.of("SERVICE", "service"),
          Column.of("ACTOR", "actor"),
          Column.of("ACTION", "action"),
          Column.of("OUTCOME", "outcome"),
          Column.of("STATUS", "status"),
          Column.of("ID", "id"));

  @Command(name = "list", description = "Commands, newest first, with optional filters.")
  static final class ListCommands extends AdminCommand {
    @Option(
        names = "--service",
        paramLabel = "NAME",
        description =
            "A service: iam, listing, cart, payment, tour, availability, assignment, scheduling"
                + " or platform (the audit log, events, the dev mailbox).")
    String service;

    @Option(names = "--actor", paramLabel = "ACCOUNT_ID", description = "Who sent the command.")
    String actor;

    @Option(
        names = "--action",
        paramLabel = "ACTION",
        description = "Method and route, e.g. 'POST /api/v1/iam/accounts/:id/verify'.")
    String action;

    @Option(
        names = "--outcome",
        paramLabel = "OUTCOME",
        description = "One of: ${COMPLETION-CANDIDATES}.")
    Outcome outcome;

    @Option(
        names = "--since",
        paramLabel = "INSTANT",
        description = "From this time on, e.g. 2026-11-24T08:00:00Z.")
    Instant since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Before this time.")
    Instant until;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("service", service);
      query.put("actor", actor);
      query.put("action", action);
      query.put("outcome", outcome);
      query.put("since", since);
      query.put("until", until);
      output().list(api().get("/commands", paging.addTo(query, spec)), COLUMNS);
    }
  }

  @Command(name = "show", description = "One command of the audit log.")
  static final class ShowCommand extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      output().record(api().get("/commands/" + AdminApi.segment(id), Map.of()));
    }
  }
}
