package io.tourbook.lambda.enricher;

import io.tourbook.contracts.events.EventSchemas;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The enrichment step of the stream pipes (terraform/modules/pipes). It gets the batch of SQS
 * records the pipe read and answers with the same records, so the pipe's target paths ({@code
 * $.body.type}) hold with and without it. Each record's body must be a tourbook envelope valid
 * against {@link EventSchemas}; the answer's body is that envelope, as a JSON object, plus the
 * CloudEvents extensions {@code partitionkey} (the subject: the FIFO message group, so consumers
 * can keep per-subject order), {@code sequence} (the SQS sequence number) and, when the producer
 * sent none, a {@code traceparent} derived from the SQS X-Ray header.
 */
public final class PipeEnricher {

  static final String PARTITION_KEY = "partitionkey";
  static final String SEQUENCE = "sequence";
  static final String TRACEPARENT = "traceparent";

  private final EventSchemas schemas;

  public PipeEnricher(EventSchemas schemas) {
    this.schemas = schemas;
  }

  /**
   * @param records the SQS records as the pipe passes them: {@code messageId}, {@code body}, {@code
   *     attributes}, ...
   * @throws InvalidEventsException if any record's body is not a valid envelope; nothing of the
   *     batch is passed on then
   */
  public JsonArray enrich(JsonArray records) {
    JsonArray enriched = new JsonArray();
    List<String> problems = new ArrayList<>();
    for (int index = 0; index < records.size(); index++) {
      Object item = records.getValue(index);
      if (!(item instanceof JsonObject record)) {
        problems.add("record " + index + ": not an object");
        continue;
      }
      String messageId = record.getString("messageId", "record " + index);
      JsonObject envelope = parseBody(record, messageId, problems);
      if (envelope == null) {
        continue;
      }
      EventSchemas.ValidationResult result = schemas.validate(envelope);
      if (!result.valid()) {
        problems.add(messageId + ": " + String.join("; ", result.errors()));
        continue;
      }
      enriched.add(record.copy().put("body", addAttributes(envelope, record)));
    }
    if (!problems.isEmpty()) {
      throw new InvalidEventsException(problems);
    }
    return enriched;
  }

  private static JsonObject parseBody(JsonObject record, String messageId, List<String> problems) {
    Object body = record.getValue("body");
    if (body instanceof JsonObject object) {
      return object.copy();
    }
    if (!(body instanceof String text)) {
      problems.add(messageId + ": no body");
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      problems.add(messageId + ": body is not a JSON object");
      return null;
    }
  }

  private static JsonObject addAttributes(JsonObject envelope, JsonObject record) {
    JsonObject attributes = record.getJsonObject("attributes", new JsonObject());
    envelope.put(PARTITION_KEY, envelope.getString("subject"));
    String sequence = attributes.getString("SequenceNumber");
    if (sequence != null) {
      envelope.put(SEQUENCE, sequence);
    }
    if (!envelope.containsKey(TRACEPARENT)) {
      XRayTrace.toTraceparent(attributes.getString("AWSTraceHeader"))
          .ifPresent(traceparent -> envelope.put(TRACEPARENT, traceparent));
    }
    return envelope;
  }
}
