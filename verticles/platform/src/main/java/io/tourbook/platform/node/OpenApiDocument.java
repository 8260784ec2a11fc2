package io.tourbook.platform.node;

import io.tourbook.platform.http.RouteTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds {@code /openapi.json}: {@code openapi/platform.json} with, for every mounted service that
 * has one, the fragment {@code openapi/<mount>.json}. A fragment's paths are relative to its mount
 * ({@code /{id}} becomes {@code /api/v1/<mount>/{id}}); its components and tags are merged in.
 *
 * <p>Request bodies come from the route tables, not from the fragments: each route that validates
 * its body gets the very JSON Schema it validates against, as a component named after the schema
 * resource ({@code schemas/listing/patch.json} is {@code listing.patch}). So the document and the
 * validation cannot drift apart.
 */
final class OpenApiDocument {

  private static final String BASE = "openapi/platform.json";

  private OpenApiDocument() {}

  /** Reads the classpath: call it off the event loop. */
  static JsonObject build(Collection<String> mounts, Map<String, RouteTable> tables) {
    JsonObject document = read(BASE);
    if (document == null) {
      throw new IllegalStateException("Missing " + BASE + " on the classpath");
    }
    JsonObject paths = child(document, "paths");
    JsonObject components = child(document, "components");
    JsonArray tags = document.getJsonArray("tags", new JsonArray());
    for (String mount : new TreeSet<>(mounts)) {
      JsonObject fragment = read("openapi/" + mount + ".json");
      if (fragment == null) {
        continue;
      }
      String prefix = "/api/v1/" + mount;
      for (Map.Entry<String, Object> path : fragment.getJsonObject("paths", new JsonObject())) {
        String relative = path.getKey().equals("/") ? "" : path.getKey();
        paths.put(prefix + relative, path.getValue());
      }
      for (Map.Entry<String, Object> section :
          fragment.getJsonObject("components", new JsonObject())) {
        child(components, section.getKey()).mergeIn((JsonObject) section.getValue());
      }
      fragment.getJsonArray("tags", new JsonArray()).forEach(tags::add);
    }
    if (!tags.isEmpty()) {
      document.put("tags", tags);
    }
    tables.forEach((mount, table) -> requestBodies(document, mount, table));
    return document;
  }

  private static void requestBodies(JsonObject document, String mount, RouteTable table) {
    JsonObject schemas = child(child(document, "components"), "schemas");
    for (RouteTable.Entry entry : table.entries()) {
      String resource = entry.bodySchema().orElse(null);
      JsonObject operation =
          document
              .getJsonObject("paths")
              .getJsonObject(path(mount, entry.path()), new JsonObject())
              .getJsonObject(entry.method().name().toLowerCase(Locale.ROOT));
      if (resource == null || operation == null) {
        continue;
      }
      String name =
          resource.replaceFirst("^schemas/", "").replaceFirst("\\.json$", "").replace('/', '.');
      if (!schemas.containsKey(name)) {
        schemas.put(name, component(resource, name));
      }
      operation.put(
          "requestBody",
          new JsonObject()
              .put("required", true)
              .put(
                  "content",
                  new JsonObject()
                      .put(
                          "application/json",
                          new JsonObject()
                              .put(
                                  "schema",
                                  new JsonObject().put("$ref", "#/components/schemas/" + name)))));
    }
  }

  /** {@code /:id} under {@code tours} is {@code /api/v1/tours/{id}}. */
  private static String path(String mount, String routePath) {
    String relative = routePath.equals("/") ? "" : routePath;
    return ("/api/v1/" + mount + relative).replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  /**
   * A validation schema as a component: without its own {@code $schema} and {@code $id}, and its
   * references to its own {@code $defs} pointing into the component.
   */
  private static JsonObject component(String resource, String name) {
    JsonObject schema = read(resource);
    if (schema == null) {
      throw new IllegalStateException("Missing " + resource + " on the classpath");
    }
    schema.remove("$schema");
    schema.remove("$id");
    return new JsonObject(
        schema.encode().replace("\"#/$defs/", "\"#/components/schemas/" + name + "/$defs/"));
  }

  private static JsonObject child(JsonObject parent, String key) {
    JsonObject child = parent.getJsonObject(key);
    if (child == null) {
      child = new JsonObject();
      parent.put(key, child);
    }
    return child;
  }

  private static JsonObject read(String resource) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
