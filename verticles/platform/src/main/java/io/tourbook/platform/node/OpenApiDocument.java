package io.tourbook.platform.node;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds {@code /openapi.json}: {@code openapi/platform.json} with, for every mounted service that
 * has one, the fragment {@code openapi/<mount>.json}. A fragment's paths are relative to its mount
 * ({@code /{id}} becomes {@code /api/v1/<mount>/{id}}); its components and tags are merged in.
 */
final class OpenApiDocument {

  private static final String BASE = "openapi/platform.json";

  private OpenApiDocument() {}

  /** Reads the classpath: call it off the event loop. */
  static JsonObject build(Collection<String> mounts) {
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
    return document;
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
