package io.tourbook.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  @DisplayName("a stored document is answered with its _id as id, the rest unchanged")
  void answeredRenamesTheStoredId() {
    JsonObject stored =
        new JsonObject().put("title", "Harbour flat").put("_id", "listing-1").put("visible", true);

    JsonObject answer = Ids.answered(stored);

    assertThat(answer)
        .isEqualTo(
            new JsonObject()
                .put("id", "listing-1")
                .put("title", "Harbour flat")
                .put("visible", true));
    assertThat(answer.fieldNames()).first().isEqualTo("id");
    assertThat(stored.getString("_id")).isEqualTo("listing-1");
  }

  @Test
  @DisplayName("a page is answered with every item's _id as id and its counts unchanged")
  void answeredItemsRenamesEveryItem() {
    JsonObject page =
        new JsonObject()
            .put(
                "items",
                new JsonArray()
                    .add(new JsonObject().put("_id", "a"))
                    .add(new JsonObject().put("_id", "b")))
            .put("page", 1)
            .put("total", 2);

    JsonObject answer = Ids.answeredItems(page);

    assertThat(answer.getJsonArray("items"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("id", "a"))
                .add(new JsonObject().put("id", "b")));
    assertThat(answer.getInteger("page")).isEqualTo(1);
    assertThat(answer.getInteger("total")).isEqualTo(2);
  }
}
