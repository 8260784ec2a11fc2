package io.tourbook.platform.events;

import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * How far one partition of a subscription has got: every change up to this resume token is settled
 * for it (delivered, parked, or not its own).
 *
 * @param token the change stream resume token to resume after
 * @param clusterTime the operation time of that change, to check the oplog still reaches it
 * @param eventId the last event of the partition that was settled, if any
 * @param settled how many of the partition's events were settled, for status
 */
record Checkpoint(
    int partition,
    int partitions,
    BsonDocument token,
    BsonTimestamp clusterTime,
    String eventId,
    long settled,
    Instant updatedAt,
    String owner) {}
