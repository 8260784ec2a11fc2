package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/** A table column: its header and how a cell is read from an item. */
record Column(String header, Function<JsonObject, Object> value, boolean time) {

  /** The first non-null of the dotted {@code paths}, e.g. {@code "location.lat", "lat"}. */
  static Column of(String header, String... paths) {
    return new Column(header, item -> first(item, paths), false);
  }

  /** An instant, shown in the chosen time zone. */
  static Column time(String header, String... paths) {
    return new Column(header, item -> first(item, paths), true);
  }

  static Column computed(String header, Function<JsonObject, Object> value) {
    return new Column(header, value, false);
  }

  /** A distance in kilometres, to the metre. */
  static Column km(String header, String path) {
    return computed(
        header,
        item ->
            at(item, path) instanceof Number km
                ? BigDecimal.valueOf(km.doubleValue())
                    .setScale(3, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString()
                : null);
  }

  /** The number of elements of an array field. */
  static Column count(String header, String path) {
    return computed(
        header, item -> at(item, path) instanceof JsonArray array ? array.size() : null);
  }

  private static Object first(JsonObject item, String... paths) {
    for (String path : paths) {
      Object value = at(item, path);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The value at a dotted path, or null when any step is missing. */
  static Object at(JsonObject item, String path) {
    Object current = item;
    for (String step : path.split("\\.")) {
      if (!(current instanceof JsonObject object)) {
        return null;
      }
      current = object.getValue(step);
    }
    return current;
  }
}
