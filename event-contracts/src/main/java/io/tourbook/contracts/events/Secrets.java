package io.tourbook.contracts.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Field names that are secret wherever they appear in an event's data, at any depth. */
public final class Secrets {

  public static final Set<String> FIELDS =
      Set.of(
          "passwordHash", "password", "passwordSalt", "secret", "apiKey", "token", "paymentToken");

  private Secrets() {}

  /** A deep copy of {@code data} without secret fields, in nested objects and arrays too. */
  public static JsonObject strip(JsonObject data) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> field : data) {
      if (!FIELDS.contains(field.getKey())) {
        copy.put(field.getKey(), stripValue(field.getValue()));
      }
    }
    return copy;
  }

  /** JSON paths ({@code $.a.b[0].token}) of the secret fields present in {@code json}. */
  public static List<String> find(JsonObject json) {
    List<String> paths = new ArrayList<>();
    collect("$", json, paths);
    return paths;
  }

  private static Object stripValue(Object value) {
    if (value instanceof JsonObject object) {
      return strip(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(element -> copy.add(stripValue(element)));
      return copy;
    }
    return value;
  }

  private static void collect(String path, Object value, List<String> paths) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        String fieldPath = path + "." + field.getKey();
        if (FIELDS.contains(field.getKey())) {
          paths.add(fieldPath);
        }
        collect(fieldPath, field.getValue(), paths);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        collect(path + "[" + i + "]", array.getValue(i), paths);
      }
    }
  }
}
