package io.tourbook.platform.testsupport;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * The events a consumer group recorded as handled, read from its database's {@code processed}
 * records (each holds a batch: {@code {events: [{id, type, subject}], at}}).
 */
public final class ProcessedRecords {

  private ProcessedRecords() {}

  /**
   * How many distinct handled events match every field of {@code event} (e.g. {@code subject},
   * {@code type}).
   */
  public static Future<Long> count(MongoClient groupDatabase, JsonObject event) {
    JsonObject query = new JsonObject();
    event.forEach(field -> query.put("events." + field.getKey(), field.getValue()));
    return groupDatabase
        .find("processed", query)
        .map(
            records ->
                records.stream()
                    .flatMap(record -> record.getJsonArray("events").stream())
                    .map(JsonObject.class::cast)
                    .filter(
                        handled ->
                            event.stream()
                                .allMatch(
                                    field ->
                                        field.getValue().equals(handled.getValue(field.getKey()))))
                    .map(handled -> handled.getString("id"))
                    .distinct()
                    .count());
  }
}
