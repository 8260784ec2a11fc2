package io.tourbook.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  @Test
  @DisplayName("a changed document becomes the same JSON as through the driver's relaxed JSON")
  void documentsBecomeTheSameJsonAsThroughText() {
    Document plain =
        new Document("_id", "t1")
            .append("count", 3)
            .append("small", 7L)
            .append("big", 3_000_000_000L)
            .append("km", 2.5)
            .append("whole", 4.0)
            .append("visible", true)
            .append("none", null)
            .append("stops", List.of(new Document("listingId", "l1").append("order", 1), "x", 2L))
            .append("lastChange", new Document("at", "2026-12-05T07:00:00.000Z"));
    Document withBsonTypes =
        new Document("_id", new ObjectId())
            .append("since", new Date(1_796_450_000_123L))
            .append("nested", new Document("at", new Date(0)))
            .append("nan", Double.NaN);

    for (Document document : List.of(plain, withBsonTypes)) {
      JsonObject direct = ChangeEvents.json(document);
      JsonObject throughText = new JsonObject(document.toJson(RELAXED));
      assertThat(direct).isEqualTo(throughText);
      assertThat(direct.encode()).isEqualTo(throughText.encode());
    }
  }
}
