package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How results are printed: {@code table} for people (fits the terminal, times in the chosen zone)
 * or {@code json} for programs (exactly one JSON document per command, as the node answered).
 */
final class Output {

  enum Format {
    table,
    json
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  private final Terminal terminal;
  private final Format format;
  private final ZoneId zone;

  Output(Terminal terminal, Format format, ZoneId zone) {
    this.terminal = terminal;
    this.format = format;
    this.zone = zone;
  }

  boolean json() {
    return format == Format.json;
  }

  /** A list answer: its items as a table with the page line, or the whole answer as JSON. */
  void list(JsonObject answer, List<Column> columns) {
    if (json()) {
      document(answer);
      return;
    }
    table(answer.getJsonArray("items", new JsonArray()), columns);
    if (answer.containsKey("total")) {
      long total = answer.getLong("total");
      long pages = Math.max(1, answer.getLong("totalPages", 1L));
      terminal
          .out()
          .println(
              "page " + answer.getInteger("page", 1) + " of " + pages + " (" + total + " total)");
    }
  }

  void table(JsonArray items, List<Column> columns) {
    List<String> headers = columns.stream().map(Column::header).toList();
    boolean[] times = new boolean[columns.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = columns.get(i).time();
    }
    List<List<String>> rows = new ArrayList<>();
    for (Object item : items) {
      JsonObject object = item instanceof JsonObject json ? json : new JsonObject();
      rows.add(
          columns.stream()
              .map(column -> cell(column.value().apply(object), column.time()))
              .toList());
    }
    terminal.out().print(TextTable.render(headers, rows, terminal.width(), times));
    if (items.isEmpty()) {
      terminal.out().println("(none)");
    }
  }

  /** One document: its fields as FIELD/VALUE rows (nested ones dotted), or JSON. */
  void record(JsonObject document) {
    record(document, Set.of());
  }

  /** The same, leaving out {@code skipped} top-level fields (shown in sections of their own). */
  void record(JsonObject document, Set<String> skipped) {
    if (json()) {
      document(document);
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    document.forEach(
        field -> {
          if (!skipped.contains(field.getKey())) {
            flatten(field.getKey(), field.getValue(), fields);
          }
        });
    List<List<String>> rows = new ArrayList<>();
    fields.forEach((name, value) -> rows.add(List.of(name, cell(value, true))));
    terminal.out().print(TextTable.render(List.of("FIELD", "VALUE"), rows, terminal.width()));
  }

  /** A titled part of a table view; JSON views print the whole document instead. */
  void section(String title, JsonArray items, List<Column> columns) {
    terminal.out().println();
    terminal.out().println(title);
    table(items, columns);
  }

  /** The outcome of an operation: a sentence, or the node's answer as JSON. */
  void done(String message, JsonObject answer) {
    if (json()) {
      document(answer);
    } else {
      terminal.out().println(message);
    }
  }

  void document(JsonObject document) {
    terminal.out().println(document.encodePrettily());
  }

  /** A cell's text; {@code time} cells holding an instant are shown in the chosen zone. */
  String cell(Object value, boolean time) {
    if (value == null) {
      return "";
    }
    if (value instanceof JsonObject date && date.size() == 1 && date.containsKey("$date")) {
      value = date.getValue("$date");
    }
    if (value instanceof JsonArray array) {
      List<String> parts = new ArrayList<>();
      array.forEach(element -> parts.add(cell(element, time)));
      return String.join(", ", parts);
    }
    String text = String.valueOf(value);
    return time ? time(text) : text;
  }

  /** The instant in the chosen zone, or the text unchanged when it is not an instant. */
  String time(String text) {
    if (text.length() < 20 || !Character.isDigit(text.charAt(0))) {
      return text;
    }
    try {
      return TIME.format(Instant.parse(text).atZone(zone));
    } catch (DateTimeParseException notUtc) {
      try {
        return TIME.format(OffsetDateTime.parse(text).atZoneSameInstant(zone));
      } catch (DateTimeParseException notAnInstant) {
        return text;
      }
    }
  }

  private static void flatten(String name, Object value, Map<String, Object> fields) {
    if (value instanceof JsonObject object && !object.containsKey("$date") && !object.isEmpty()) {
      object.forEach(field -> flatten(name + "." + field.getKey(), field.getValue(), fields));
    } else if (value instanceof JsonArray array
        && array.stream().anyMatch(element -> element instanceof JsonObject)) {
      for (int i = 0; i < array.size(); i++) {
        flatten(name + "." + i, array.getValue(i), fields);
      }
    } else {
      fields.put(name, value);
    }
  }
}
