package io.tourbook.contracts.events;

import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * A CloudEvents 1.0 event in JSON (DESIGN §3), with the extensions {@code operation}, {@code
 * traceparent} (optional) and {@code stream}. Immutable: {@link #data()} and {@link #toJson()}
 * return copies.
 */
public final class EventEnvelope {

  public static final String SPEC_VERSION = "1.0";
  public static final String DATA_CONTENT_TYPE = "application/json";
  public static final Set<String> OPERATIONS = Set.of("insert", "update", "replace", "delete");

  private final String id;
  private final StreamId stream;
  private final String type;
  private final String subject;
  private final Instant time;
  private final String operation;
  private final JsonObject data;
  private final String traceparent;

  private EventEnvelope(
      String id,
      StreamId stream,
      String type,
      String subject,
      Instant time,
      String operation,
      JsonObject data,
      String traceparent) {
    this.id = requireText(id, "id");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.type = requireText(type, "type");
    this.subject = requireText(subject, "subject");
    // To the millisecond, as the document time format writes it: an event reads back equal.
    this.time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
    this.operation = requireText(operation, "operation");
    this.data = Objects.requireNonNull(data, "data");
    this.traceparent = traceparent;
  }

  /**
   * A new event of {@code stream}. Secret fields are removed from {@code data} here, so no secret
   * ever leaves the producer.
   *
   * @param subject the document id
   * @param data the document after the change ({@code {_id}} for a delete)
   * @param traceparent the W3C trace context of the write, or null
   * @throws IllegalArgumentException if the type is not a type of the stream, or the operation is
   *     not one of {@link #OPERATIONS}
   */
  public static EventEnvelope create(
      String id,
      StreamId stream,
      String type,
      String subject,
      Instant time,
      String operation,
      JsonObject data,
      String traceparent) {
    if (!EventTypes.streamOf(type).equals(stream)) {
      throw new IllegalArgumentException(type + " is not a type of stream " + stream.name());
    }
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException("unknown operation: " + operation);
    }
    Objects.requireNonNull(data, "data");
    return new EventEnvelope(
        id, stream, type, subject, time, operation, Secrets.strip(data), traceparent);
  }

  /**
   * Reads an envelope as {@link #toJson()} writes it. It checks only what it needs to build the
   * object: use {@link EventSchemas} to validate.
   *
   * @throws IllegalArgumentException if an attribute is missing or malformed
   */
  public static EventEnvelope fromJson(JsonObject json) {
    try {
      String type = json.getString("type");
      String streamName = json.getString("stream");
      StreamId stream = streamName != null ? StreamId.parse(streamName) : EventTypes.streamOf(type);
      JsonObject data = json.getJsonObject("data");
      if (data == null) {
        throw new IllegalArgumentException("event attribute 'data' is required");
      }
      return new EventEnvelope(
          json.getString("id"),
          stream,
          type,
          json.getString("subject"),
          OffsetDateTime.parse(requireText(json.getString("time"), "time")).toInstant(),
          json.getString("operation"),
          data.copy(),
          json.getString("traceparent"));
    } catch (ClassCastException | DateTimeParseException e) {
      throw new IllegalArgumentException("malformed event envelope: " + e.getMessage(), e);
    }
  }

  public String id() {
    return id;
  }

  public StreamId stream() {
    return stream;
  }

  public String source() {
    return stream.source();
  }

  public String type() {
    return type;
  }

  public String subject() {
    return subject;
  }

  public Instant time() {
    return time;
  }

  public String operation() {
    return operation;
  }

  public JsonObject data() {
    return data.copy();
  }

  /** The URI of the JSON Schema of a type's {@code data} (CloudEvents {@code dataschema}). */
  public static String dataschema(String type) {
    return EventSchemas.BASE_URI + type + EventSchemas.SCHEMA_SUFFIX;
  }

  /** The W3C trace context, or null. */
  public String traceparent() {
    return traceparent;
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("specversion", SPEC_VERSION)
            .put("id", id)
            .put("source", source())
            .put("type", type)
            .put("subject", subject)
            .put("time", Times.format(time))
            .put("datacontenttype", DATA_CONTENT_TYPE)
            .put("dataschema", dataschema(type))
            .put("data", data.copy())
            .put("operation", operation)
            .put("stream", stream.name());
    if (traceparent != null) {
      json.put("traceparent", traceparent);
    }
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventEnvelope envelope && toJson().equals(envelope.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  private static String requireText(String value, String attribute) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("event attribute '" + attribute + "' is required");
    }
    return value;
  }
}
