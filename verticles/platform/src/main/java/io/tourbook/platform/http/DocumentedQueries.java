package io.tourbook.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters the API document declares for each operation, and the rule that follows from
 * it on every route: a query parameter the operation does not declare is a 400, the same way
 * everywhere (a route's own checks of the declared ones come after).
 */
public final class DocumentedQueries {

  private static final String KEY = DocumentedQueries.class.getName();
  private static final String PARAMETER_REF = "#/components/parameters/";

  /** Allowed names by {@code "GET /api/v1/listings/:id"}. */
  private final Map<String, Set<String>> byOperation;

  private DocumentedQueries(Map<String, Set<String>> byOperation) {
    this.byOperation = byOperation;
  }

  /** Reads the declared query parameters of every operation of an OpenAPI 3 document. */
  public static DocumentedQueries from(JsonObject openApi) {
    JsonObject components =
        openApi.getJsonObject("components", new JsonObject()).getJsonObject("parameters");
    Map<String, Set<String>> byOperation = new HashMap<>();
    JsonObject paths = openApi.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      String pattern = path.replaceAll("\\{([^}/]+)}", ":$1");
      for (HttpMethod method : HttpMethod.values()) {
        JsonObject operation = operations.getJsonObject(method.name().toLowerCase(Locale.ROOT));
        if (operation != null) {
          Set<String> names = new HashSet<>();
          collect(operations.getJsonArray("parameters"), components, names);
          collect(operation.getJsonArray("parameters"), components, names);
          byOperation.put(method.name() + " " + pattern, Set.copyOf(names));
        }
      }
    }
    return new DocumentedQueries(byOperation);
  }

  /** Makes the declarations available to the routes of this request. */
  public Handler<RoutingContext> publisher() {
    return ctx -> {
      ctx.put(KEY, this);
      ctx.next();
    };
  }

  /**
   * 400 for a query parameter the served operation does not declare (HEAD as its GET); passes an
   * operation the document does not know, or a router served without a document.
   */
  static void refuseUndeclared(RoutingContext ctx) {
    if (ctx.request().query() == null) {
      ctx.next();
      return;
    }
    DocumentedQueries queries = ctx.get(KEY);
    String pattern = RoutePatterns.of(ctx);
    if (queries != null && pattern != null) {
      HttpMethod method = ctx.request().method();
      String name = (HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method).name();
      Set<String> allowed = queries.byOperation.get(name + " " + pattern);
      if (allowed != null) {
        QueryParams.allowOnly(ctx, allowed);
      }
    }
    ctx.next();
  }

  private static void collect(JsonArray parameters, JsonObject components, Set<String> names) {
    if (parameters == null) {
      return;
    }
    for (Object item : parameters) {
      JsonObject parameter = (JsonObject) item;
      String ref = parameter.getString("$ref");
      if (ref != null && ref.startsWith(PARAMETER_REF) && components != null) {
        parameter = components.getJsonObject(ref.substring(PARAMETER_REF.length()));
      }
      if (parameter != null && "query".equals(parameter.getString("in"))) {
        names.add(parameter.getString("name"));
      }
    }
  }
}
