package io.tourbook.platform.events;

import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * How far a subscription has got: the resume token of the last event whose delivery (or parking) is
 * settled, with every earlier event settled too.
 *
 * @param token the change stream resume token to resume after
 * @param clusterTime the operation time of that event, to check the oplog still reaches it
 */
record Checkpoint(
    String subscriptionId,
    BsonDocument token,
    BsonTimestamp clusterTime,
    String eventId,
    long settled,
    Instant updatedAt,
    String owner) {}
