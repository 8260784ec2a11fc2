package io.tourbook.contracts.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    return new JsonObject(stripMap(data.getMap()));
  }

  /** JSON paths ({@code $.a.b[0].token}) of the secret fields present in {@code json}. */
  public static List<String> find(JsonObject json) {
    List<String> paths = new ArrayList<>();
    collect("$", json, paths);
    return paths;
  }

  // Over the maps and lists themselves: iterating a JsonObject wraps every nested value.
  private static Map<String, Object> stripMap(Map<String, Object> fields) {
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, fields.size() * 2));
    fields.forEach(
        (name, value) -> {
          if (!FIELDS.contains(name)) {
            copy.put(name, stripValue(value));
          }
        });
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object stripValue(Object value) {
    if (value instanceof JsonObject object) {
      return new JsonObject(stripMap(object.getMap()));
    }
    if (value instanceof Map<?, ?> map) {
      return new JsonObject(stripMap((Map<String, Object>) map));
    }
    if (value instanceof JsonArray array) {
      return stripList(array.getList());
    }
    if (value instanceof List<?> list) {
      return stripList(list);
    }
    return value;
  }

  private static JsonArray stripList(List<?> elements) {
    List<Object> copy = new ArrayList<>(elements.size());
    elements.forEach(element -> copy.add(stripValue(element)));
    return new JsonArray(copy);
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
