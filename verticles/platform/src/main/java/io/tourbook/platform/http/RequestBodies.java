package io.tourbook.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one validating mapper for request bodies and path ids. A body passes only if it is sent as
 * JSON ({@code Content-Type: application/json}, else 415), is a JSON object that matches its JSON
 * Schema (draft 2020-12; schemas say {@code additionalProperties: false}, so unknown fields are
 * rejected) and has no key, at any depth, that MongoDB would read as an operator or a path: no key
 * starting with '$', containing '.' or containing NUL.
 */
public final class RequestBodies {

  private static final String BODY_KEY = RequestBodies.class.getName() + ".body";
  private static final int MAX_REPORTED_ERRORS = 20;
  private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

  private RequestBodies() {}

  /**
   * A handler that validates the body against the schema at {@code schemaResource} on the
   * classpath, then stores it for {@link #body}. The schema is loaded once, when the route is
   * built, so a missing or broken schema fails at startup rather than on a request.
   */
  public static Validation validate(String schemaResource) {
    return new Validation(
        schemaResource, VALIDATORS.computeIfAbsent(schemaResource, RequestBodies::load));
  }

  /**
   * The validating step of a route; it names its schema so that tests walking a route table can
   * build valid and invalid bodies for every route that takes one.
   */
  public record Validation(String schemaResource, Validator validator)
      implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
      JsonObject body = parse(ctx);
      JsonArray errors = new JsonArray();
      collectForbiddenKeys(body, "", errors);
      if (!errors.isEmpty()) {
        throw ApiException.invalid("The request body has forbidden keys.", errors);
      }
      OutputUnit result = validator.validate(body);
      if (!Boolean.TRUE.equals(result.getValid())) {
        throw ApiException.invalid("The request body is invalid.", describe(result));
      }
      ctx.put(BODY_KEY, body);
      ctx.next();
    }
  }

  /** The body that {@link #validate} accepted on this request. */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.get(BODY_KEY);
    if (body == null) {
      throw new IllegalStateException("RequestBodies.validate is not on this route");
    }
    return body;
  }

  /** The path parameter {@code name}, or 400 unless it is 1 to 64 of [A-Za-z0-9_-]. */
  public static String pathId(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    if (!Ids.valid(value)) {
      throw ApiException.badRequest("Invalid " + name + ".");
    }
    return value;
  }

  private static JsonObject parse(RoutingContext ctx) {
    if (!ctx.body().available()) {
      throw new IllegalStateException("No BodyHandler runs before RequestBodies.validate");
    }
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required.");
    }
    if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw new ApiException(
          415, "Send the body as application/json (Content-Type: application/json).");
    }
    Object value;
    try {
      value = Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw ApiException.badRequest("The request body is not valid JSON.");
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    return object;
  }

  /** {@code application/json} or a {@code +json} type, parameters (charset) aside. */
  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private static void collectForbiddenKeys(Object value, String pointer, JsonArray errors) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String key = entry.getKey();
        String child = pointer + "/" + escape(key);
        if (key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
          errors.add(error(child, "Keys must not start with '$' or contain '.' or NUL."));
        }
        collectForbiddenKeys(entry.getValue(), child, errors);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        collectForbiddenKeys(array.getValue(i), pointer + "/" + i, errors);
      }
    }
  }

  /** RFC 6901 escaping; NUL is dropped from the echoed key so it never reaches a log or client. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1").replace("\0", "");
  }

  private static JsonArray describe(OutputUnit result) {
    JsonArray errors = new JsonArray();
    List<OutputUnit> units = result.getErrors();
    if (units == null || units.isEmpty()) {
      return errors.add(error("", result.getError()));
    }
    units.stream()
        .limit(MAX_REPORTED_ERRORS)
        .forEach(unit -> errors.add(error(pointer(unit.getInstanceLocation()), unit.getError())));
    return errors;
  }

  private static String pointer(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  private static JsonObject error(String pointer, String detail) {
    return new JsonObject().put("pointer", pointer).put("detail", detail);
  }

  private static Validator load(String schemaResource) {
    try (InputStream in =
        RequestBodies.class.getClassLoader().getResourceAsStream(schemaResource)) {
      if (in == null) {
        throw new IllegalArgumentException("No JSON Schema on the classpath at " + schemaResource);
      }
      JsonObject schema = new JsonObject(Buffer.buffer(in.readAllBytes()));
      return Validator.create(
          JsonSchema.of(schema),
          new JsonSchemaOptions()
              .setDraft(Draft.DRAFT202012)
              .setBaseUri("https://tourbook.io/schemas/")
              .setOutputFormat(OutputFormat.Basic));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
