package io.tourbook.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
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

  @Test
  @DisplayName("a resume token's JSON, which event ids hash, is what the driver prints")
  void resumeTokenJsonIsTheDriversOwn() {
    List<BsonDocument> tokens =
        List.of(
            new BsonDocument("_data", new BsonString("8263A1B2C3000000012B022C0100296E5A1004")),
            new BsonDocument("_data", new BsonString("")),
            new BsonDocument("_data", new BsonString("not \"hex\"")),
            new BsonDocument("_data", new BsonInt64(42)),
            new BsonDocument("_data", new BsonString("82")).append("_typeBits", new BsonInt32(1)),
            new BsonDocument("clusterTime", new BsonTimestamp(1_796_450_000, 3)));
    for (BsonDocument token : tokens) {
      assertThat(ChangeEvents.tokenJson(token)).isEqualTo(token.toJson());
    }
  }
}
