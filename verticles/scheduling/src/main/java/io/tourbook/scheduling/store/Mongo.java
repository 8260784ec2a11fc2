package io.tourbook.scheduling.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Small helpers for the stores' filters. */
final class Mongo {

  private static final int DUPLICATE_KEY = 11000;

  private Mongo() {}

  static boolean isDuplicateKey(Throwable failure) {
    return failure instanceof MongoWriteException write
        && (write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
            || write.getError().getCode() == DUPLICATE_KEY);
  }

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
