package io.tourbook.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ids of the API: those it takes from callers, 1 to 64 of {@code [A-Za-z0-9_-]}, and the {@code
 * id} it answers for a stored document's MongoDB {@code _id}.
 */
public final class Ids {

  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final String STORED = "_id";
  private static final String ANSWERED = "id";

  private Ids() {}

  public static boolean valid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** A stored document as the API answers it: its {@code _id} as {@code id}, first. */
  public static JsonObject answered(JsonObject document) {
    // The fields' values as stored, not wrapped one by one as iterating a JsonObject would.
    Map<String, Object> stored = document.getMap();
    Map<String, Object> answer = new LinkedHashMap<>(stored.size() * 2);
    if (stored.containsKey(STORED)) {
      answer.put(ANSWERED, stored.get(STORED));
    }
    stored.forEach(
        (name, value) -> {
          if (!name.equals(STORED)) {
            answer.put(name, value);
          }
        });
    return new JsonObject(answer);
  }

  /** A page of stored documents ({@link Pages.Page#response}) with each item {@link #answered}. */
  public static JsonObject answeredItems(JsonObject page) {
    JsonArray items = new JsonArray();
    page.getJsonArray("items").forEach(item -> items.add(answered((JsonObject) item)));
    JsonObject answer = new JsonObject();
    page.forEach(field -> answer.put(field.getKey(), field.getValue()));
    return answer.put("items", items);
  }
}
