package io.tourbook.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.CollectionBackedOplog;
import de.bwaldvogel.mongo.oplog.OperationType;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The embedded MongoDB's oplog, with its entries indexed by timestamp so that a change stream reads
 * only what it has not read yet.
 *
 * <p>mongo-java-server's own oplog answers every {@code getMore} of every change stream by reading
 * the whole oplog collection, sorting what is newer than the cursor, and sleeping 100 ms on the
 * server's event loop; and looks each updated document up by reading its whole collection. So the
 * cost of delivering an event grew with everything ever written: a chaos run spent most of the
 * backing process's CPU there and slowed to a crawl. Here the entries are also kept in memory in a
 * skip list keyed by timestamp, a cursor remembers how far it has read (entries of other
 * collections and entries its pipeline drops included), and an update's document is found by its
 * {@code _id} index. The entries are still written to {@code local.oplog.rs}, so a persistent store
 * keeps them across restarts, in the same shape, each with its timestamp as {@code _id}: the
 * collection's natural order is then timestamp order, as MongoDB's oplog's insertion order is, so
 * its oldest entry is the first in natural order (the library gave each entry a random id, and
 * finding the oldest meant sorting the whole oplog).
 *
 * <p>Change events are shaped as MongoDB's: an update's {@code documentKey} is its {@code _id} and
 * its {@code updateDescription} holds the fields it set and removed (mongo-java-server put the
 * update itself into {@code documentKey}). Timestamps are (wall-clock second, a counter), assigned
 * and published under one lock, so they only grow and a reader never passes an entry that is still
 * to appear. The one case left to mongo-java-server is resuming a stream of a collection that was
 * dropped before the resume point, which its oplog answers with an invalidate event.
 *
 * <p>Like MongoDB's, the oplog is bounded: past {@code maxEntries} (plus a tenth, so that trimming
 * is occasional) the oldest entries are removed, from the collection first. A stream that would
 * resume from, or is still reading, a point older than what is left fails with MongoDB's
 * ChangeStreamHistoryLost (286) instead of silently skipping what was removed.
 */
final class IndexedOplog implements Oplog {

  private static final long ELECTION_TERM = 1L;
  private static final String TS = "ts";
  private static final String OP = "op";
  private static final String NS = "ns";
  private static final String O = "o";
  private static final String O2 = "o2";
  private static final String ID = "_id";
  private static final String DROP = "drop";
  private static final int HISTORY_LOST = 286;

  private final MongoBackend backend;
  private final MongoCollection<Document> collection;
  private final CursorRegistry cursors;
  private final Oplog library;
  private final Clock clock;
  private final UUID ui = UUID.randomUUID();
  private final ConcurrentNavigableMap<Long, Document> entries = new ConcurrentSkipListMap<>();
  // Namespace ("db.collection") -> timestamp of its first drop.
  private final Map<String, Long> firstDrops = new ConcurrentHashMap<>();
  private final long maxEntries;
  // Trimming waits for a tenth more than maxEntries, so that it is occasional.
  private final long trimAt;
  private int counter;
  private long last;
  private long size;
  // The newest timestamp removed by trimming; 0 while nothing was.
  private volatile long trimmedThrough;

  IndexedOplog(
      MongoBackend backend,
      MongoCollection<Document> collection,
      CursorRegistry cursors,
      long maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the oplog must keep at least one entry: " + maxEntries);
    }
    this.backend = backend;
    this.collection = collection;
    this.cursors = cursors;
    this.maxEntries = maxEntries;
    long slack = Math.max(1, maxEntries / 10);
    this.trimAt = maxEntries > Long.MAX_VALUE - slack ? Long.MAX_VALUE : maxEntries + slack;
    this.library = new CollectionBackedOplog(backend, collection, cursors);
    this.clock = backend.getClock();
    List<Document> stored = collection.queryAllAsStream().toList();
    if (stored.stream().anyMatch(entry -> !(entry.get(ID) instanceof Long))) {
      // A store written before an entry's _id was its timestamp: keyed again, once.
      collection.deleteDocuments(new Document(), 0);
      stored.stream()
          .sorted(Comparator.comparingLong(IndexedOplog::timestamp))
          .forEach(
              entry -> {
                entry.put(ID, timestamp(entry));
                collection.addDocument(entry);
              });
    }
    stored.forEach(this::index);
    this.last = entries.isEmpty() ? 0 : entries.lastKey();
    trimIfOver(maxEntries);
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {
    if (isOplog(namespace)) {
      return;
    }
    for (Document document : documents) {
      append(entry(OperationType.INSERT, namespace).append(O, document.cloneDeeply()));
    }
  }

  @Override
  public void handleUpdate(
      String namespace, Document selector, Document update, List<Object> modifiedIds) {
    if (isOplog(namespace)) {
      return;
    }
    for (Object id : modifiedIds) {
      append(
          entry(OperationType.UPDATE, namespace)
              .append(O, update)
              .append(O2, new Document(ID, id)));
    }
  }

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
    if (isOplog(namespace)) {
      return;
    }
    for (Object id : deletedIds) {
      append(entry(OperationType.DELETE, namespace).append(O, new Document(ID, id)));
    }
  }

  @Override
  public void handleDropCollection(String namespace) {
    if (isOplog(namespace)) {
      return;
    }
    append(
        entry(OperationType.COMMAND, Utils.getDatabaseNameFromFullName(namespace) + ".$cmd")
            .append(O, new Document(DROP, Utils.getCollectionNameFromFullName(namespace))));
  }

  @Override
  public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
    Document startAfter = (Document) changeStream.get("startAfter");
    Document resumeAfter = (Document) changeStream.get("resumeAfter");
    BsonTimestamp startAt = (BsonTimestamp) changeStream.get("startAtOperationTime");
    long from;
    boolean inclusive = false;
    if (startAfter != null) {
      from = position(startAfter);
    } else if (resumeAfter != null) {
      from = position(resumeAfter);
      Long dropped = firstDrops.get(namespace);
      if (dropped != null && dropped <= from) {
        return library.createCursor(changeStream, namespace, aggregation);
      }
    } else if (startAt != null) {
      from = startAt.getValue();
      inclusive = true;
    } else {
      synchronized (this) {
        from = last;
      }
    }
    requireNotTrimmed(from, inclusive);
    TailCursor cursor =
        new TailCursor(
            cursors.generateCursorId(), changeStream, namespace, aggregation, from, inclusive);
    cursors.add(cursor);
    return cursor;
  }

  /** Stamps the entry with the next timestamp and publishes it, in timestamp order. */
  private synchronized void append(Document entry) {
    long stamped = new BsonTimestamp(clock.instant(), ++counter).getValue();
    long value = Math.max(stamped, last + 1);
    entry.put(TS, new BsonTimestamp(value));
    entry.put(ID, value);
    collection.addDocument(entry);
    index(entry);
    last = value;
    trimIfOver(trimAt);
  }

  /**
   * Removes the oldest entries down to {@code maxEntries} once there are more than {@code limit}:
   * from the collection first (what a dispatcher checks its checkpoint against), then from the
   * index.
   */
  private synchronized void trimIfOver(long limit) {
    if (size <= limit) {
      return;
    }
    Iterator<Long> oldest = entries.keySet().iterator();
    long cutoff = 0;
    for (long removed = 0; removed < size - maxEntries; removed++) {
      cutoff = oldest.next();
    }
    collection.deleteDocuments(
        new Document(TS, new Document("$lte", new BsonTimestamp(cutoff))), 0);
    entries.headMap(cutoff, true).clear();
    size = maxEntries;
    trimmedThrough = cutoff;
  }

  /** Fails as MongoDB does when entries after this point were trimmed. */
  private void requireNotTrimmed(long position, boolean inclusive) {
    long trimmed = trimmedThrough;
    if (trimmed > 0 && (position < trimmed || (inclusive && position == trimmed))) {
      throw new MongoServerError(
          HISTORY_LOST,
          "ChangeStreamHistoryLost",
          "Resume point "
              + Long.toHexString(position)
              + " is older than the oplog, which was trimmed through "
              + Long.toHexString(trimmed));
    }
  }

  private static long timestamp(Document entry) {
    return ((BsonTimestamp) entry.get(TS)).getValue();
  }

  private void index(Document entry) {
    long value = timestamp(entry);
    entries.put(value, entry);
    size++;
    if (OperationType.COMMAND.getCode().equals(entry.get(OP))
        && entry.get(O) instanceof Document command
        && command.get(DROP) instanceof String dropped) {
      String database = Utils.getDatabaseNameFromFullName((String) entry.get(NS));
      firstDrops.putIfAbsent(database + "." + dropped, value);
    }
  }

  private Document entry(OperationType type, String namespace) {
    return new Document()
        .append("t", ELECTION_TERM)
        .append("h", 0L)
        .append("v", 2L)
        .append(OP, type.getCode())
        .append(NS, namespace)
        .append("ui", ui)
        .append("wall", clock.instant());
  }

  private boolean isOplog(String namespace) {
    return collection.getFullName().equals(namespace);
  }

  private static long position(Document token) {
    return Long.parseLong((String) token.get("_data"), 16);
  }

  /** The entry as a change stream shows it, or null for a command (a drop) of the namespace. */
  private Document changeEvent(Document entry, Document changeStream) {
    String code = (String) entry.get(OP);
    BsonTimestamp timestamp = (BsonTimestamp) entry.get(TS);
    // wallTime as MongoDB 6 gives it: the event's time to the millisecond, not the second.
    Document event =
        new Document(ID, new Document("_data", Long.toHexString(timestamp.getValue())))
            .append("wallTime", entry.get("wall"));
    Document o = (Document) entry.get(O);
    if (OperationType.INSERT.getCode().equals(code)) {
      return event
          .append("operationType", "insert")
          .append("fullDocument", o)
          .append("documentKey", new Document(ID, o.get(ID)))
          .append("clusterTime", timestamp);
    }
    if (OperationType.DELETE.getCode().equals(code)) {
      return event
          .append("operationType", "delete")
          .append("fullDocument", null)
          .append("documentKey", o)
          .append("clusterTime", timestamp);
    }
    if (OperationType.UPDATE.getCode().equals(code)) {
      Document key = (Document) entry.get(O2);
      event
          .append("operationType", "update")
          .append("fullDocument", updated(entry, key, o, changeStream))
          .append("documentKey", key)
          .append("clusterTime", timestamp);
      if (o.keySet().stream().anyMatch(field -> field.startsWith("$"))) {
        event.append("updateDescription", description(o));
      }
      return event;
    }
    return null;
  }

  /**
   * The document after the update: looked up by {@code _id} when the stream asked for {@code
   * updateLookup} (a document deleted since is left out), else what the update set.
   */
  private Document updated(Document entry, Document key, Document update, Document changeStream) {
    if ("updateLookup".equals(changeStream.get("fullDocument"))) {
      String namespace = (String) entry.get(NS);
      MongoCollection<?> target =
          backend
              .resolveDatabase(Utils.getDatabaseNameFromFullName(namespace))
              .resolveCollection(Utils.getCollectionNameFromFullName(namespace), false);
      return target == null
          ? null
          : target.handleQueryAsStream(new Document(ID, key.get(ID))).findFirst().orElse(null);
    }
    Document delta = new Document();
    if (update.get("$set") instanceof Document set) {
      delta.appendAll(set);
    }
    return delta;
  }

  private static Document description(Document update) {
    Document set = update.get("$set") instanceof Document fields ? fields : new Document();
    List<String> removed =
        update.get("$unset") instanceof Document unset
            ? new ArrayList<>(unset.keySet())
            : new ArrayList<>();
    return new Document("updatedFields", set).append("removedFields", removed);
  }

  /**
   * A change stream's cursor: each batch reads the entries after the last one it read, in order,
   * without waiting (the server's awaitData handling is {@link AwaitDataHandler}'s).
   */
  private final class TailCursor extends AbstractCursor {

    private final Document changeStream;
    private final String namespace;
    private final Aggregation aggregation;
    private long position;
    private boolean inclusive;

    TailCursor(
        long id,
        Document changeStream,
        String namespace,
        Aggregation aggregation,
        long position,
        boolean inclusive) {
      super(id);
      this.changeStream = changeStream;
      this.namespace = namespace;
      this.aggregation = aggregation;
      this.position = position;
      this.inclusive = inclusive;
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    @Override
    public synchronized List<Document> takeDocuments(int numberToReturn) {
      long start = position;
      boolean startInclusive = inclusive;
      requireNotTrimmed(start, startInclusive);
      List<Document> batch = new ArrayList<>();
      for (Map.Entry<Long, Document> next : entries.tailMap(position, inclusive).entrySet()) {
        if (numberToReturn > 0 && batch.size() >= numberToReturn) {
          break;
        }
        position = next.getKey();
        inclusive = false;
        Document entry = next.getValue();
        if (!inNamespace((String) entry.get(NS))) {
          continue;
        }
        Document event = changeEvent(entry, changeStream);
        if (event != null) {
          aggregation.runStagesAsStream(Stream.of(event)).forEach(batch::add);
        }
      }
      // A trim while this batch was read may have removed entries it had not reached yet.
      requireNotTrimmed(start, startInclusive);
      return batch;
    }

    /**
     * A collection's stream ({@code db.collection}) sees its collection; a database's ({@code
     * db.$cmd}), every entry of the database.
     */
    private boolean inNamespace(String entryNamespace) {
      return entryNamespace.equals(namespace)
          || (Utils.getCollectionNameFromFullName(namespace).equals("$cmd")
              && Utils.getDatabaseNameFromFullName(entryNamespace)
                  .equals(Utils.getDatabaseNameFromFullName(namespace)));
    }
  }
}
