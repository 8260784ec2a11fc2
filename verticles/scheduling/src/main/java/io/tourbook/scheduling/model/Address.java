package io.tourbook.scheduling.model;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A stop's street address, as the tour copied it from the listing: what the e-mails and the
 * invitation show people to find the place. Every part may be missing.
 */
public record Address(String street, String city, String state, String country, String postcode) {

  /** The address of {@code value}, or null when it is no object or holds no part. */
  public static Address fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      return null;
    }
    Address address =
        new Address(
            part(json, "street"),
            part(json, "city"),
            part(json, "state"),
            part(json, "country"),
            part(json, "postcode"));
    return address.oneLine().isEmpty() ? null : address;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    put(json, "street", street);
    put(json, "city", city);
    put(json, "state", state);
    put(json, "country", country);
    put(json, "postcode", postcode);
    return json;
  }

  /** On one line, the parts it has: {@code street, postcode city, state, country}. */
  public String oneLine() {
    List<String> parts = new ArrayList<>();
    add(parts, street);
    add(parts, String.join(" ", present(postcode), present(city)).trim());
    add(parts, state);
    add(parts, country);
    return String.join(", ", parts);
  }

  private static String part(JsonObject json, String field) {
    return json.getValue(field) instanceof String text && !text.isBlank() ? text.strip() : null;
  }

  private static void put(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  private static void add(List<String> parts, String part) {
    if (part != null && !part.isBlank()) {
      parts.add(part);
    }
  }

  private static String present(String part) {
    return part == null ? "" : part;
  }
}
