package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;

/**
 * One change read from a stream, decoded once for every group that reads the stream.
 *
 * @param event the change's event, or null when the change makes none (a bookkeeping update)
 */
record StreamChange(
    BsonDocument token, BsonTimestamp clusterTime, EventEnvelope event, Instant readAt) {

  /**
   * Orders positions in a stream: by operation time, then by resume token for changes that share
   * one (MongoDB's token data sorts in stream order). A null position lies before every change.
   */
  static int compare(
      BsonTimestamp time, BsonDocument token, BsonTimestamp otherTime, BsonDocument otherToken) {
    if (time == null || otherTime == null) {
      return time == null ? (otherTime == null ? 0 : -1) : 1;
    }
    int byTime = time.compareTo(otherTime);
    return byTime != 0 ? byTime : tokenData(token).compareTo(tokenData(otherToken));
  }

  private static String tokenData(BsonDocument token) {
    if (token == null || !(token.get("_data") instanceof BsonString data)) {
      return "";
    }
    return data.getValue();
  }

  /** Whether this change lies after the given position. */
  boolean isAfter(BsonTimestamp time, BsonDocument afterToken) {
    return compare(clusterTime, token, time, afterToken) > 0;
  }
}
