package io.tourbook.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Paging of list endpoints: {@code ?page=} (from 1) and {@code ?size=}, capped at {@code maxSize}
 * ({@code http.max-page-size}). A size above the cap is lowered to it; a page or size that is not a
 * positive number is a 400.
 */
public record Pages(int maxSize) {

  public static final int DEFAULT_SIZE = 20;
  private static final int DEFAULT_MAX_SIZE = 100;

  /** The settings of {@code http.max-page-size} in the node's {@code config}. */
  public static Pages from(JsonObject config) {
    return new Pages(
        config
            .getJsonObject("http", new JsonObject())
            .getInteger("max-page-size", DEFAULT_MAX_SIZE));
  }

  /** A page of a list: 1-based {@code page} of {@code size} items. */
  public record Page(int page, int size) {

    public Page {
      if (page < 1 || size < 1) {
        throw new IllegalArgumentException("page and size start at 1");
      }
    }

    /** How many items come before this page. */
    public int skip() {
      return (page - 1) * size;
    }

    /** The list response: {@code {items, page, size, total, totalPages}}. */
    public JsonObject response(JsonArray items, long total) {
      return new JsonObject()
          .put("items", items)
          .put("page", page)
          .put("size", size)
          .put("total", total)
          .put("totalPages", (total + size - 1) / size);
    }

    public JsonObject response(List<?> items, long total) {
      return response(new JsonArray(List.copyOf(items)), total);
    }
  }

  /** The page asked for, with the size capped at {@link #maxSize}. */
  public Page page(RoutingContext ctx) {
    int size = Math.min(positive(ctx, "size", Math.min(DEFAULT_SIZE, maxSize)), maxSize);
    int page = positive(ctx, "page", 1);
    if ((long) (page - 1) * size > Integer.MAX_VALUE) {
      throw ApiException.badRequest("page is out of range.");
    }
    return new Page(page, size);
  }

  private static int positive(RoutingContext ctx, String name, int fallback) {
    String text = QueryParams.single(ctx, name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below with the same message as a non-positive number.
    }
    throw ApiException.badRequest(name + " must be a positive whole number.");
  }
}
