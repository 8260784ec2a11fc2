package io.tourbook.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "payments",
    description = "Payments: list, show.",
    subcommands = {PaymentCommands.ListPayments.class, PaymentCommands.ShowPayment.class})
final class PaymentCommands {

  enum Status {
    pending,
    succeeded,
    failed,
    refunded
  }

  static final List<Column> COLUMNS =
      List.of(
          Column.of("ID", "id"),
          Column.of("CUSTOMER", "customerId"),
          Column.of("STATUS", "status"),
          Column.computed("AMOUNT", item -> Money.of(item, "amount")),
          Column.of("GATEWAY", "gateway"),
          Column.time("CREATED", "createdAt"));

  @Command(name = "list", description = "Payments, newest first.")
  static final class ListPayments extends AdminCommand {
    @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--customer", paramLabel = "ACCOUNT_ID")
    String customer;

    @Mixin PageOptions paging;

    @Override
    void execute() {
      Map<String, Object> query = query();
      query.put("status", status);
      query.put("customerId", customer);
      output().list(api().get("/payments", paging.addTo(query, spec)), COLUMNS);
    }
  }

  @Command(name = "show", description = "One payment.")
  static final class ShowPayment extends AdminCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    void execute() {
      output().record(api().get("/payments/" + AdminApi.segment(id), Map.of()));
    }
  }
}
