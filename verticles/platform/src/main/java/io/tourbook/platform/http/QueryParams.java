package io.tourbook.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reading query parameters the same way on every route. */
public final class QueryParams {

  private QueryParams() {}

  /** The query parameter {@code name}, null when absent; 400 when it is given more than once. */
  public static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " must be given once.");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
