package io.tourbook.contracts.events;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Maps a change-stream event to an event type (DESIGN §3).
 *
 * <p>Writers stamp the whole stamp object in the same update, {@code $set: {lastChange: {type, at,
 * actor}}}: {@code at} always changes, so the server reports the stamp in {@code updatedFields}
 * even when the type repeats. An update that does not restamp (a counter, a cache field) yields no
 * event.
 */
public final class ChangeTypes {

  private static final String LAST_CHANGE = "lastChange";

  private ChangeTypes() {}

  /**
   * The event type of a change, or empty when the change makes no event.
   *
   * <ul>
   *   <li>insert: {@code lastChange.type} of the document if present, else {@code
   *       <entity>.created}.
   *   <li>delete: {@code <entity>.deleted}.
   *   <li>update, replace: {@code lastChange.type} from {@code updatedFields} (either key {@code
   *       lastChange} holding {@code {type, ...}} or the dotted key {@code lastChange.type}); when
   *       {@code updatedFields} is null (a server without {@code updateDescription}, or a replace),
   *       {@code fullDocument.lastChange.type}.
   * </ul>
   *
   * A type that is not in the catalogue, or belongs to another stream, gives empty.
   *
   * @param updatedFields {@code updateDescription.updatedFields}, or null when the server gave none
   * @param fullDocument the document after the change, or null (deletes)
   */
  public static Optional<String> resolve(
      StreamId stream, String operationType, JsonObject updatedFields, JsonObject fullDocument) {
    Optional<String> type =
        switch (operationType) {
          case "insert" ->
              stampedType(fullDocument).or(() -> Optional.of(stream.entity() + ".created"));
          case "delete" -> Optional.of(stream.entity() + ".deleted");
          case "update", "replace" ->
              updatedFields != null ? updatedType(updatedFields) : stampedType(fullDocument);
          default -> Optional.empty();
        };
    return type.filter(EventTypes::isKnown).filter(t -> EventTypes.streamOf(t).equals(stream));
  }

  private static Optional<String> updatedType(JsonObject updatedFields) {
    if (updatedFields.getValue(LAST_CHANGE) instanceof JsonObject stamp) {
      return typeOf(stamp);
    }
    return Optional.ofNullable(updatedFields.getValue(LAST_CHANGE + ".type"))
        .filter(String.class::isInstance)
        .map(String.class::cast);
  }

  private static Optional<String> stampedType(JsonObject document) {
    if (document != null && document.getValue(LAST_CHANGE) instanceof JsonObject stamp) {
      return typeOf(stamp);
    }
    return Optional.empty();
  }

  private static Optional<String> typeOf(JsonObject stamp) {
    return stamp.getValue("type") instanceof String type ? Optional.of(type) : Optional.empty();
  }
}
