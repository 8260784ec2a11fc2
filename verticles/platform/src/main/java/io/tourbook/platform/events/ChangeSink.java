package io.tourbook.platform.events;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * A reader of one stream through the node's {@link StreamReader}: a partition of a durable
 * subscription, or the live fan-out. The reader calls every method on its own context, and hands a
 * sink each change after the sink's position exactly once, in stream order.
 */
interface ChangeSink {

  /** The operation time to read after; null to read from the oldest oplog entry. */
  BsonTimestamp resumeTime();

  /** The resume token of the change at {@link #resumeTime()}, if any. */
  BsonDocument resumeToken();

  /** A live sink reads from now, never asks the reader to go back, and keeps no checkpoint. */
  boolean live();

  /** Takes a change; must not block. */
  void offer(StreamChange change);

  /** Whether the sink can take more changes: the reader reads no further while one cannot. */
  boolean hasRoom();

  /** The stream cannot be read from this sink's position (its history is gone). */
  void failed(Throwable cause);
}
