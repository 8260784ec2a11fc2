package io.tourbook.platform.testsupport;

import io.tourbook.platform.http.RequestBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request bodies built from a route's JSON Schema: a valid sample with every property filled in,
 * every value of it with the schema that governs it, and copies with one value replaced. The
 * security tests derive their attacks from these, so a new field or route is attacked too.
 */
public final class SchemaSamples {

  /** Strings tried, in order, for a string field: the first one the field's schema accepts. */
  private static final List<String> STRING_CANDIDATES =
      List.of(
          "Sample text",
          "sample",
          "USD",
          "tok_visa",
          "a@example.com",
          "https://example.com/a.jpg",
          "+1 555 0100",
          "2030-01-07T10:00:00Z");

  private static final String DATE_TIME = "2030-01-07T10:00:00Z";

  /** One value of the sample: where it is, what it is, and the schema that governs it. */
  public record Field(String pointer, Object value, JsonObject schema) {

    public boolean isString() {
      return value instanceof String;
    }

    public boolean isObject() {
      return value instanceof JsonObject;
    }

    public boolean isArray() {
      return value instanceof JsonArray;
    }
  }

  private final String resource;
  private final JsonObject root;
  private final Validator validator;
  private final JsonObject sample;
  private final List<Field> fields = new ArrayList<>();

  private SchemaSamples(String resource, JsonObject root) {
    this.resource = resource;
    this.root = root;
    this.validator = RequestBodies.validate(resource).validator();
    this.sample = (JsonObject) build(root);
    collect("", sample, root);
    if (!valid(sample)) {
      throw new IllegalStateException(
          "Cannot build a valid sample of " + resource + ": " + sample.encode());
    }
  }

  /** The samples of the JSON Schema at {@code resource} on the classpath. */
  public static SchemaSamples of(String resource) {
    try (InputStream in = SchemaSamples.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No JSON Schema on the classpath at " + resource);
      }
      return new SchemaSamples(resource, new JsonObject(Buffer.buffer(in.readAllBytes())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String resource() {
    return resource;
  }

  /** A valid body with every property the schema knows (a fresh copy). */
  public JsonObject sample() {
    return sample.copy();
  }

  /** Every value of the sample, the root object (pointer "") first. */
  public List<Field> fields() {
    return List.copyOf(fields);
  }

  /** A copy of the sample with the value at {@code pointer} replaced by {@code value}. */
  public JsonObject with(String pointer, Object value) {
    JsonObject copy = sample();
    JsonPointer.from(pointer).writeJson(copy, value);
    return copy;
  }

  /** Whether the route's own validator accepts {@code body}, operator keys aside. */
  public boolean valid(Object body) {
    return Boolean.TRUE.equals(validator.validate(body).getValid());
  }

  /** The schema with {@code $ref}, {@code anyOf} and {@code oneOf} followed to its first branch. */
  private JsonObject resolve(JsonObject schema) {
    JsonObject current = schema;
    while (true) {
      if (current.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
        current = (JsonObject) JsonPointer.from(ref.substring(1)).queryJson(root);
      } else if (current.getJsonArray("anyOf") != null) {
        current = firstNonNull(current.getJsonArray("anyOf"));
      } else if (current.getJsonArray("oneOf") != null) {
        current = firstNonNull(current.getJsonArray("oneOf"));
      } else {
        return current;
      }
    }
  }

  private static JsonObject firstNonNull(JsonArray branches) {
    for (Object branch : branches) {
      if (!"null".equals(((JsonObject) branch).getValue("type"))) {
        return (JsonObject) branch;
      }
    }
    return branches.getJsonObject(0);
  }

  private Object build(JsonObject schema) {
    JsonObject resolved = resolve(schema);
    if (resolved.containsKey("const")) {
      return resolved.getValue("const");
    }
    if (resolved.getJsonArray("enum") != null) {
      return resolved.getJsonArray("enum").getValue(0);
    }
    return switch (type(resolved)) {
      case "object" -> {
        JsonObject object = new JsonObject();
        for (Map.Entry<String, Object> property :
            resolved.getJsonObject("properties", new JsonObject())) {
          object.put(property.getKey(), build((JsonObject) property.getValue()));
        }
        yield object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        int count = Math.max(1, resolved.getInteger("minItems", 1));
        for (int i = 0; i < count; i++) {
          array.add(build(resolved.getJsonObject("items", new JsonObject())));
        }
        yield array;
      }
      case "integer" -> (long) Math.ceil(number(resolved));
      case "number" -> number(resolved);
      case "boolean" -> true;
      default -> string(resolved);
    };
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().get();
    }
    if (type instanceof String name) {
      return name;
    }
    return schema.containsKey("properties") ? "object" : "string";
  }

  private static double number(JsonObject schema) {
    double low =
        schema.containsKey("exclusiveMinimum")
            ? schema.getDouble("exclusiveMinimum") + 1
            : schema.getDouble("minimum", 1.0);
    return schema.containsKey("maximum") ? Math.min(low, schema.getDouble("maximum")) : low;
  }

  private static String string(JsonObject schema) {
    if ("date-time".equals(schema.getString("format"))) {
      return DATE_TIME;
    }
    Pattern pattern =
        schema.containsKey("pattern") ? Pattern.compile(schema.getString("pattern")) : null;
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    return STRING_CANDIDATES.stream()
        .filter(candidate -> candidate.length() >= min && candidate.length() <= max)
        .filter(candidate -> pattern == null || pattern.matcher(candidate).find())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No sample string fits " + schema.encode()));
  }

  private void collect(String pointer, Object value, JsonObject schema) {
    JsonObject resolved = resolve(schema);
    fields.add(new Field(pointer, value, resolved));
    if (value instanceof JsonObject object) {
      JsonObject properties = resolved.getJsonObject("properties", new JsonObject());
      for (String name : object.fieldNames()) {
        collect(pointer + "/" + name, object.getValue(name), properties.getJsonObject(name));
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        collect(pointer + "/" + i, array.getValue(i), resolved.getJsonObject("items"));
      }
    }
  }
}
