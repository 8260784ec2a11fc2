package io.tourbook.platform.config;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule by which environment variables override configuration: for every leaf key of the
 * merged configuration, the variable named by its dotted path, upper-cased with '.' and '-' turned
 * into '_' ({@code events.max-attempts} &lt;- {@code EVENTS_MAX_ATTEMPTS}), replaces the value,
 * converted to the type the key already has. Lists are written comma-separated. An empty variable
 * counts as unset, and variables that name no existing key are ignored.
 */
final class EnvironmentOverrides {

  private EnvironmentOverrides() {}

  /** A copy of {@code config} with the environment applied, or a failure naming a bad variable. */
  static Future<JsonObject> apply(JsonObject config, Map<String, String> env) {
    JsonObject result = config.copy();
    try {
      override(result, "", env);
      return Future.succeededFuture(result);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** The environment variable that overrides the key at {@code dottedPath}. */
  static String variableName(String dottedPath) {
    return dottedPath.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void override(JsonObject object, String prefix, Map<String, String> env) {
    for (String key : object.fieldNames()) {
      String path = prefix + key;
      Object current = object.getValue(key);
      if (current instanceof JsonObject nested) {
        override(nested, path + ".", env);
        continue;
      }
      String variable = variableName(path);
      String raw = env.get(variable);
      if (raw != null && !raw.isEmpty()) {
        object.put(key, coerce(current, raw, path, variable));
      }
    }
  }

  private static Object coerce(Object current, String raw, String path, String variable) {
    String value = raw.strip();
    try {
      if (current instanceof Integer) {
        long parsed = Long.parseLong(value);
        if (parsed == (int) parsed) {
          return (int) parsed;
        }
        return parsed;
      }
      if (current instanceof Long) {
        return Long.parseLong(value);
      }
      if (current instanceof Number) {
        return Double.parseDouble(value);
      }
    } catch (NumberFormatException e) {
      throw invalid(variable, path, "a number");
    }
    if (current instanceof Boolean) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw invalid(variable, path, "true or false");
    }
    if (current instanceof JsonArray existing) {
      return list(existing, value, path, variable);
    }
    return raw;
  }

  private static JsonArray list(JsonArray existing, String value, String path, String variable) {
    Object sample = existing.isEmpty() ? "" : existing.getValue(0);
    JsonArray result = new JsonArray();
    Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(element -> !element.isEmpty())
        .forEach(element -> result.add(coerce(sample, element, path, variable)));
    return result;
  }

  private static IllegalArgumentException invalid(String variable, String path, String expected) {
    // The value itself is left out: it may be a secret.
    return new IllegalArgumentException(
        "Environment variable " + variable + " (for " + path + ") must be " + expected);
  }
}
