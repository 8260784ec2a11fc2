package io.tourbook.scheduling.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Small helpers for the stores' filters. */
final class Filters {

  private Filters() {}

  static JsonObject in(List<String> values) {
    return new JsonObject().put("$in", new JsonArray(List.copyOf(values)));
  }

  /** {@code field} missing or below {@code value}. */
  static JsonObject missingOrBelow(String field, int value) {
    return new JsonObject()
        .put(
            "$or",
            new JsonArray()
                .add(new JsonObject().put(field, new JsonObject().put("$exists", false)))
                .add(new JsonObject().put(field, new JsonObject().put("$lt", value))));
  }
}
