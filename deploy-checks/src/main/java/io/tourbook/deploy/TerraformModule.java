package io.tourbook.deploy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Terraform module directory: every {@code *.tf} parsed with hcl4j (declarations and literal
 * values) plus its code text for references ({@link HclCode}), and the locals of {@code *.tf.json}
 * files.
 */
public final class TerraformModule {

  private final Path directory;
  private final Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
  private final Map<String, Object> locals = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> dataSources = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> modules = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
  private final Map<Path, String> code = new LinkedHashMap<>();
  private final List<String> parseErrors = new ArrayList<>();

  private TerraformModule(Path directory) {
    this.directory = directory;
  }

  /**
   * Parses every {@code .tf} and {@code .tf.json} file of {@code directory} (not its subfolders).
   */
  public static TerraformModule load(Path directory) {
    TerraformModule module = new TerraformModule(directory);
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tf")) {
          module.parseHcl(file);
        } else if (name.endsWith(".tf.json")) {
          module.parseJson(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    return module;
  }

  public Path directory() {
    return directory;
  }

  /** Variable name -> its block (type, description, default, ...). */
  public Map<String, Map<String, Object>> variables() {
    return variables;
  }

  public Map<String, Object> locals() {
    return locals;
  }

  /** {@code <type>.<name>} -> the resource's attributes and blocks. */
  public Map<String, Map<String, Object>> resources() {
    return resources;
  }

  /** {@code <type>.<name>} of each data source. */
  public Map<String, Map<String, Object>> dataSources() {
    return dataSources;
  }

  /** Module call name -> its arguments ({@code source} and the inputs). */
  public Map<String, Map<String, Object>> modules() {
    return modules;
  }

  public Map<String, Map<String, Object>> outputs() {
    return outputs;
  }

  /** The code text of each {@code .tf} file, comments and literal string text blanked. */
  public Map<Path, String> code() {
    return code;
  }

  /** Files hcl4j could not parse, with its message. */
  public List<String> parseErrors() {
    return parseErrors;
  }

  /** The directory of a module call with a local {@code source}, or null for a registry source. */
  public Path moduleDirectory(String call) {
    Object source = modules.getOrDefault(call, Map.of()).get("source");
    if (source instanceof String path && (path.startsWith("./") || path.startsWith("../"))) {
      return directory.resolve(path).normalize();
    }
    return null;
  }

  private void parseHcl(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    code.put(file, HclCode.of(text));
    Map<String, Object> parsed;
    try {
      parsed = new HCLParser().parse(text);
    } catch (Exception | StackOverflowError e) {
      parseErrors.add(directory.relativize(file) + ": " + e.getMessage());
      return;
    }
    collect(parsed.get("variable"), variables);
    collect(parsed.get("module"), modules);
    collect(parsed.get("output"), outputs);
    collectTyped(parsed.get("resource"), resources);
    collectTyped(parsed.get("data"), dataSources);
    if (parsed.get("locals") instanceof Map<?, ?> values) {
      values.forEach((name, value) -> locals.put(String.valueOf(name), value));
    }
  }

  private void parseJson(Path file) {
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      locals.putAll(json.getJsonObject("locals", new JsonObject()).getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      parseErrors.add(directory.relativize(file) + ": " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object blocks, Map<String, Map<String, Object>> into) {
    if (blocks instanceof Map<?, ?> named) {
      named.forEach(
          (name, body) ->
              into.put(
                  String.valueOf(name),
                  body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of()));
    }
  }

  private static void collectTyped(Object blocks, Map<String, Map<String, Object>> into) {
    if (blocks instanceof Map<?, ?> byType) {
      byType.forEach(
          (type, named) -> {
            Map<String, Map<String, Object>> ofType = new LinkedHashMap<>();
            collect(named, ofType);
            ofType.forEach((name, body) -> into.put(type + "." + name, body));
          });
    }
  }
}
