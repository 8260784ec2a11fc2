package io.tourbook.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reading query parameters the same way on every route. */
public final class QueryParams {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.\\[\\]$-]");
  private static final int MAX_ECHOED_NAME = 40;

  private QueryParams() {}

  /** 400 for a query parameter not in {@code allowed}, naming it and the allowed ones. */
  public static void allowOnly(RoutingContext ctx, Set<String> allowed) {
    for (String name : ctx.queryParams().names()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            "Unknown query parameter "
                + printable(name)
                + "; known: "
                + new TreeSet<>(allowed)
                + ".");
      }
    }
  }

  /** The query parameter {@code name}, null when absent; 400 when it is given more than once. */
  public static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " must be given once.");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * The query parameter {@code name}, null when absent; 400 unless it is one of {@code allowed}.
   */
  public static String oneOf(RoutingContext ctx, String name, Collection<String> allowed) {
    String value = single(ctx, name);
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badRequest(
          name + " must be one of " + String.join(", ", new TreeSet<>(allowed)) + ".");
    }
    return value;
  }

  /** The id in query parameter {@code name} (see {@link Ids}), null when absent; else a 400. */
  public static String id(RoutingContext ctx, String name) {
    String value = single(ctx, name);
    if (value != null && !Ids.valid(value)) {
      throw ApiException.badRequest(name + " must be 1 to 64 of [A-Za-z0-9_-].");
    }
    return value;
  }

  /** A parameter name echoed back, quoted: at most 40 characters, none that could inject. */
  private static String printable(String name) {
    String cleaned = UNSAFE.matcher(name).replaceAll("?");
    return "'"
        + (cleaned.length() > MAX_ECHOED_NAME
            ? cleaned.substring(0, MAX_ECHOED_NAME) + "..."
            : cleaned)
        + "'";
  }
}
