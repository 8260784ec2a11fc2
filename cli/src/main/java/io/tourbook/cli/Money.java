package io.tourbook.cli;

import io.vertx.core.json.JsonObject;

/** Shows {@code {amount, currency}} objects as "25 USD". */
final class Money {

  private Money() {}

  static String of(JsonObject item, String path) {
    if (!(Column.at(item, path) instanceof JsonObject money)) {
      return null;
    }
    Object amount = money.getValue("amount");
    return amount == null ? null : amount + " " + money.getString("currency", "");
  }
}
