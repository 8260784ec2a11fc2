package io.tourbook.platform.events;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.tourbook.contracts.events.ChangeTypes;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventIds;
import io.tourbook.contracts.events.StreamId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Turns a change stream document into the CloudEvents envelope of DESIGN §3. */
final class ChangeEvents {

  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  /** A value {@link #json} cannot copy as it is. */
  private static final Object NOT_PLAIN = new Object();

  private ChangeEvents() {}

  /**
   * The event for a change, or empty when the change does not change what the document means or the
   * document no longer exists.
   */
  static Optional<EventEnvelope> toEnvelope(
      StreamId stream, ChangeStreamDocument<Document> change) {
    String operation = change.getOperationTypeString();
    JsonObject document = change.getFullDocument() == null ? null : json(change.getFullDocument());
    JsonObject updatedFields = updatedFields(change);
    if (!operation.equals("delete") && (document == null || !document.containsKey("_id"))) {
      // The document is gone: deleted since the change (its delete event follows), or never
      // written (mongo-java-server reports even an insert that a unique index refused).
      return Optional.empty();
    }
    return ChangeTypes.resolve(stream, operation, updatedFields, document)
        .map(
            type -> {
              String subject = subject(change, document);
              JsonObject data = document != null ? document : new JsonObject().put("_id", subject);
              return EventEnvelope.create(
                  EventIds.fromResumeToken(stream, tokenJson(change.getResumeToken())),
                  stream,
                  type,
                  subject,
                  time(change),
                  operation,
                  data,
                  traceparent(document));
            });
  }

  /**
   * The resume token as {@link BsonDocument#toJson()} prints it, which event ids hash. The usual
   * token, {@code {_data: <hex>}}, is written out directly: a JSON writer per change was a fifth of
   * the reader's time.
   */
  static String tokenJson(BsonDocument token) {
    BsonValue data = token.size() == 1 ? token.get("_data") : null;
    if (data != null && data.isString() && isHex(data.asString().getValue())) {
      return "{\"_data\": \"" + data.asString().getValue() + "\"}";
    }
    return token.toJson();
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fields an update set ({@code updateDescription.updatedFields}; the embedded server's oplog
   * gives its {@code $set}). Null for a replacement or an insert: the type then comes from the
   * document.
   */
  private static JsonObject updatedFields(ChangeStreamDocument<Document> change) {
    if (change.getUpdateDescription() == null
        || change.getUpdateDescription().getUpdatedFields() == null) {
      return null;
    }
    return new JsonObject(change.getUpdateDescription().getUpdatedFields().toJson(JSON));
  }

  /**
   * The document as JSON: copied value by value when it holds only strings, numbers, booleans,
   * nulls, documents and arrays (what the services store), else through the driver's relaxed JSON
   * (dates as {@code $date}); both give the same object. Printing every changed document and
   * parsing it again was the stream reader's largest cost.
   */
  static JsonObject json(Document document) {
    JsonObject plain = plainObject(document);
    return plain != null ? plain : new JsonObject(document.toJson(JSON));
  }

  private static JsonObject plainObject(Map<String, Object> document) {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, Object> field : document.entrySet()) {
      Object value = plainValue(field.getValue());
      if (value == NOT_PLAIN) {
        return null;
      }
      json.put(field.getKey(), value);
    }
    return json;
  }

  private static Object plainValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer) {
      return value;
    }
    if (value instanceof Long number) {
      // As JSON parsing reads it back: an int when it fits.
      return number == number.intValue() ? Integer.valueOf(number.intValue()) : number;
    }
    if (value instanceof Double number) {
      return Double.isFinite(number) ? number : NOT_PLAIN;
    }
    if (value instanceof Document nested) {
      JsonObject json = plainObject(nested);
      return json != null ? json : NOT_PLAIN;
    }
    if (value instanceof List<?> list) {
      JsonArray json = new JsonArray();
      for (Object element : list) {
        Object plain = plainValue(element);
        if (plain == NOT_PLAIN) {
          return NOT_PLAIN;
        }
        json.add(plain);
      }
      return json;
    }
    return NOT_PLAIN;
  }

  /** The changed document's id: from the full document when there is one, else documentKey. */
  static String subject(ChangeStreamDocument<Document> change, JsonObject document) {
    if (document != null && document.containsKey("_id")) {
      return idString(document.getValue("_id"));
    }
    BsonDocument key = change.getDocumentKey();
    BsonValue id = key == null ? null : key.get("_id");
    if (id == null) {
      return "unknown";
    }
    if (id.isString()) {
      return id.asString().getValue();
    }
    if (id.isObjectId()) {
      return id.asObjectId().getValue().toHexString();
    }
    return id.toString();
  }

  private static String idString(Object id) {
    if (id instanceof JsonObject oid && oid.containsKey("$oid")) {
      return oid.getString("$oid");
    }
    return String.valueOf(id);
  }

  private static Instant time(ChangeStreamDocument<Document> change) {
    if (change.getWallTime() != null) {
      return Instant.ofEpochMilli(change.getWallTime().getValue());
    }
    if (change.getClusterTime() != null) {
      return Instant.ofEpochSecond(change.getClusterTime().getTime());
    }
    return Instant.now();
  }

  private static String traceparent(JsonObject document) {
    JsonObject lastChange = document == null ? null : document.getJsonObject("lastChange");
    return lastChange == null ? null : lastChange.getString("traceparent");
  }
}
