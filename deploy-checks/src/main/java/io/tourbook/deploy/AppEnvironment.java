package io.tourbook.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The environment variables a tourbook node reads: for every leaf key of {@code config/*.yaml}, the
 * name the ConfigLoader's rule gives it (dotted path upper-cased, '.' and '-' to '_'), plus {@code
 * TOURBOOK_PROFILE} and what the JVM itself reads.
 */
public final class AppEnvironment {

  /** Read by the launcher (ConfigLoader.PROFILE_VARIABLE) and by the JVM, not through a key. */
  static final Set<String> OUTSIDE_CONFIG = Set.of("TOURBOOK_PROFILE", "JAVA_TOOL_OPTIONS");

  private AppEnvironment() {}

  /** Every variable name a node reads, from the YAML files of {@code configDirectory}. */
  public static Set<String> variables(Path configDirectory) {
    Set<String> names = new TreeSet<>(OUTSIDE_CONFIG);
    try (Stream<Path> files = Files.list(configDirectory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
        leafPaths(read(file), "", names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + configDirectory, e);
    }
    return names;
  }

  /** The variable that overrides the key at {@code dottedPath}. */
  public static String variableName(String dottedPath) {
    return dottedPath.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** A YAML file as nested maps. */
  public static Map<String, Object> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Map<String, Object> yaml = new Yaml().load(reader);
      return yaml == null ? Map.of() : yaml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void leafPaths(Map<?, ?> map, String prefix, Set<String> into) {
    map.forEach(
        (key, value) -> {
          String path = prefix + key;
          if (value instanceof Map<?, ?> nested) {
            leafPaths(nested, path + ".", into);
          } else {
            into.add(variableName(path));
          }
        });
  }
}
