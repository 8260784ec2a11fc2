package io.tourbook.platform.config;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule by which environment variables override configuration: for every leaf key of the
 * merged configuration, the variable named by its dotted path, upper-cased with '.' and '-' turned
 * into '_' ({@code events.max-attempts} &lt;- {@code EVENTS_MAX_ATTEMPTS}), replaces the value,
 * converted to the type the key already has. Lists are written comma-separated. An empty variable
 * counts as unset, and variables that name no existing key are ignored.
 *
 * <p>The AWS SDKs' standard variables stand in for ours when ours are unset: {@code AWS_REGION} for
 * both clients' regions, {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL_EVENTBRIDGE}
 * (else {@code AWS_ENDPOINT_URL}) for their endpoints.
 */
final class EnvironmentOverrides {

  /** Our variable, and the standard AWS ones that stand in for it, in order of precedence. */
  private static final Map<String, List<String>> AWS_STANDARD =
      Map.of(
          "SQS_REGION", List.of("AWS_REGION"),
          "EVENTBRIDGE_REGION", List.of("AWS_REGION"),
          "SQS_ENDPOINT", List.of("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL"),
          "EVENTBRIDGE_ENDPOINT", List.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL"));

  private EnvironmentOverrides() {}

  /** A copy of {@code config} with the environment applied, or a failure naming a bad variable. */
  static Future<JsonObject> apply(JsonObject config, Map<String, String> env) {
    JsonObject result = config.copy();
    try {
      override(result, "", withAwsStandard(env));
      return Future.succeededFuture(result);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private static Map<String, String> withAwsStandard(Map<String, String> env) {
    Map<String, String> resolved = new HashMap<>(env);
    AWS_STANDARD.forEach(
        (ours, standard) -> {
          if (isUnset(env.get(ours))) {
            standard.stream()
                .map(env::get)
                .filter(value -> !isUnset(value))
                .findFirst()
                .ifPresent(value -> resolved.put(ours, value));
          }
        });
    return resolved;
  }

  private static boolean isUnset(String value) {
    return value == null || value.isEmpty();
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
      if (!isUnset(raw)) {
        object.put(key, coerce(current, raw, path, variable));
      }
    }
  }

  private static Object coerce(Object current, String raw, String path, String variable) {
    String value = raw.strip();
    if (current instanceof Number) {
      return number(value, path, variable);
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

  /**
   * A number as YAML would read it: whole numbers stay whole (an int when they fit), fractions are
   * doubles, whatever the default's own form ({@code 25} takes {@code 25.5}).
   */
  private static Number number(String value, String path, String variable) {
    try {
      long whole = Long.parseLong(value);
      return whole == (int) whole ? (Number) (int) whole : (Number) whole;
    } catch (NumberFormatException notWhole) {
      try {
        double fraction = Double.parseDouble(value);
        if (Double.isFinite(fraction)) {
          return fraction;
        }
      } catch (NumberFormatException notANumber) {
        // Reported below, without the value.
      }
      throw invalid(variable, path, "a number");
    }
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
