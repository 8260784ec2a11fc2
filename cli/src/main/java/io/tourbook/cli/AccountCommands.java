package io.tourbook.cli;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "accounts",
    description = "Accounts of iam: list, show, verify, suspend, activate.",
    subcommands = {
      AccountCommands.ListAccounts.class,
      AccountCommands.ShowAccount.class,
      AccountCommands.VerifyAccount.class,
      AccountCommands.SuspendAccount.class,
      AccountCommands.ActivateAccount.class
    })
final class AccountCommands {

  enum Role {
    admin,
    customer,
    provider,
    realtor
  }

  enum Status {
    active,
    suspended
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("EMAIL", "email"),
          Column.of("NAME", "name"),
          Column.of("ROLE", "role"),
          Column.of("STATUS", "status"),
          Column.of("VERIFIED", "verified"),
          Column.time("CREATED", "createdAt"));

  @Command(name = "list", description = "Accounts, with optional filters.")
  static final class ListAccounts extends AdminCommand {
    @Option(names = "--role", paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--verified", paramLabel = "true|false", description = "Verified or not.")
    Boolean verified;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("role", role);
      query.put("status", status);
      query.put("verified", verified);
      output().list(api().get("/iam/accounts", paging.addTo(query, spec)), COLUMNS);
    }
  }

  @Command(
      name = "show",
      description = "One account, with what iam learnt from events (listings, payments, tours).")
  static final class ShowAccount extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      output().record(api().get("/iam/accounts/" + AdminApi.segment(id), Map.of()));
    }
  }

  @Command(name = "verify", description = "Verify an account (providers may list, realtors work).")
  static final class VerifyAccount extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      JsonObject account =
          api().post("/iam/accounts/" + AdminApi.segment(id) + "/verify", new JsonObject());
      output().done("Verified account " + id + " (" + account.getString("email") + ").", account);
    }
  }

  @Command(name = "suspend", description = "Suspend an account.")
  static final class SuspendAccount extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      setStatus(this, id, Status.suspended);
    }
  }

  @Command(name = "activate", description = "Activate a suspended account again.")
  static final class ActivateAccount extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      setStatus(this, id, Status.active);
    }
  }

  private static void setStatus(AdminCommand command, String id, Status status) {
    JsonObject account =
        command
            .api()
            .put(
                "/iam/accounts/" + AdminApi.segment(id) + "/status",
                new JsonObject().put("status", status.name()));
    command
        .output()
        .done(
            "Account " + id + " (" + account.getString("email") + ") is now " + status + ".",
            account);
  }
}
