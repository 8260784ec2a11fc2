package io.tourbook.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "carts",
    description = "Customers' carts: list.",
    subcommands = {CartCommands.ListCarts.class})
final class CartCommands {

  static final List<Column> COLUMNS =
      List.of(
          Column.of("CUSTOMER", "customerId"),
          Column.of("ITEMS", "itemCount"),
          Column.computed("TOTAL", item -> Money.of(item, "total")),
          Column.time("UPDATED", "updatedAt"));

  @Command(name = "list", description = "Every customer's cart.")
  static final class ListCarts extends AdminCommand {
    @Mixin PageOptions paging;

    @Override
    void execute() {
      output().list(api().get("/carts", paging.addTo(query(), spec)), COLUMNS);
    }
  }
}
