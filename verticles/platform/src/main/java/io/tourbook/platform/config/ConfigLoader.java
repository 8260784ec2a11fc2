package io.tourbook.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Loads a node's configuration. Later sources override earlier ones, key by key:
 *
 * <ol>
 *   <li>{@code config/default.yaml} (on the classpath),
 *   <li>{@code config/<profile>.yaml}, when a profile is given or {@code TOURBOOK_PROFILE} is set,
 *   <li>the file given with {@code --config},
 *   <li>environment variables: the variable named by a key's dotted path, upper-cased with '.' and
 *       '-' turned into '_', overrides that key (see {@link EnvironmentOverrides}).
 * </ol>
 *
 * <p>Classpath resources are read through Vert.x's file resolver, so a {@code config/} directory in
 * the working directory (the repository root when developing) takes precedence over the packaged
 * copy of the same file.
 */
public final class ConfigLoader {

  /** Environment variable that selects the profile when none is passed explicitly. */
  public static final String PROFILE_VARIABLE = "TOURBOOK_PROFILE";

  private static final String DEFAULTS = "config/default.yaml";

  private ConfigLoader() {}

  /** Loads the configuration with the process environment. */
  public static Future<JsonObject> load(Vertx vertx, String profile, String configFile) {
    return load(vertx, profile, configFile, System.getenv());
  }

  /**
   * Loads the configuration with the given environment instead of the process environment.
   *
   * @param profile profile name, or null to use {@code TOURBOOK_PROFILE} from {@code env} (if any)
   * @param configFile path of a YAML file that overrides the profile, or null
   */
  public static Future<JsonObject> load(
      Vertx vertx, String profile, String configFile, Map<String, String> env) {
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .setScanPeriod(0)
            .addStore(yaml(DEFAULTS));
    String effectiveProfile = isBlank(profile) ? env.get(PROFILE_VARIABLE) : profile;
    if (!isBlank(effectiveProfile)) {
      options.addStore(yaml("config/" + effectiveProfile.strip() + ".yaml"));
    }
    if (!isBlank(configFile)) {
      options.addStore(yaml(configFile));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        .eventually(retriever::close)
        .compose(merged -> EnvironmentOverrides.apply(merged, env));
  }

  /**
   * The value at a dotted path such as {@code events.max-attempts}.
   *
   * @throws IllegalArgumentException when the key is missing: every key has a default in
   *     default.yaml, so a missing one is a typo in the caller
   */
  public static Object path(JsonObject config, String dottedPath) {
    Object current = config;
    for (String key : dottedPath.split("\\.")) {
      if (!(current instanceof JsonObject object) || !object.containsKey(key)) {
        throw new IllegalArgumentException("Missing configuration key: " + dottedPath);
      }
      current = object.getValue(key);
    }
    return current;
  }

  public static String string(JsonObject config, String dottedPath) {
    Object value = path(config, dottedPath);
    return value == null ? "" : value.toString();
  }

  public static int integer(JsonObject config, String dottedPath) {
    return number(config, dottedPath).intValue();
  }

  public static long longValue(JsonObject config, String dottedPath) {
    return number(config, dottedPath).longValue();
  }

  public static boolean bool(JsonObject config, String dottedPath) {
    Object value = path(config, dottedPath);
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw new IllegalArgumentException("Configuration key " + dottedPath + " is not a boolean");
  }

  private static Number number(JsonObject config, String dottedPath) {
    Object value = path(config, dottedPath);
    if (value instanceof Number number) {
      return number;
    }
    throw new IllegalArgumentException("Configuration key " + dottedPath + " is not a number");
  }

  private static ConfigStoreOptions yaml(String path) {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", path));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
