package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A non-unique index for mongo-java-server, which ignores every index that is not unique: without
 * it a query on {@code processed.events.id} or {@code assignments.tourId} read and matched every
 * document of the collection, so the embedded server slowed down as the data grew, unlike the
 * MongoDB the services declare their indexes for. It serves a query with a plain value for each of
 * its keys (an array's elements are keys, as in a MongoDB multikey index), a plain value for the
 * first key of a compound index (as {@code {customerId, createdAt}} serves a customer's list), or
 * on a single key an {@code $in} of plain values; any other query scans as before. It only narrows:
 * the collection still checks every candidate against the whole query. Held in memory and filled
 * from the documents when the collection opens (the library fills an empty index it is given). In
 * the library's package for its package-private value normalization.
 */
public final class EqualityIndex<P> extends Index<P> {

  private final Map<KeyValue, Set<P>> positionsByKey = new HashMap<>();
  // A compound index's positions by the value of its first key alone.
  private final Map<Object, Set<P>> positionsByFirstKey = new HashMap<>();
  private final Map<Object, P> positionsById = new HashMap<>();

  public EqualityIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
  }

  @Override
  public P getPosition(Document document) {
    // Positions are found by the unique _id index; null stands aside.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<P> collection) {}

  @Override
  public synchronized void add(Document document, P position, MongoCollection<P> collection) {
    if (isSparse() && hasNoValueForKeys(document)) {
      return;
    }
    positionsById.put(id(document), position);
    for (KeyValue key : getKeyValues(document)) {
      positionsByKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(position);
      if (isCompound()) {
        positionsByFirstKey.computeIfAbsent(key.get(0), k -> new LinkedHashSet<>()).add(position);
      }
    }
  }

  @Override
  public synchronized P remove(Document document) {
    P position = positionsById.remove(id(document));
    if (position != null) {
      for (KeyValue key : getKeyValues(document)) {
        forget(positionsByKey, key, position);
        if (isCompound()) {
          forget(positionsByFirstKey, key.get(0), position);
        }
      }
    }
    return position;
  }

  @Override
  public synchronized boolean canHandle(Document query) {
    if (keys().size() == 1 && inValues(query.get(keys().get(0))) != null) {
      return true;
    }
    return allKeysPlain(query) || (isCompound() && isPlainValue(query.get(keys().get(0))));
  }

  @Override
  public synchronized Iterable<P> getPositions(Document query) {
    List<?> in = keys().size() == 1 ? inValues(query.get(keys().get(0))) : null;
    if (in != null) {
      Set<P> positions = new LinkedHashSet<>();
      for (Object value : in) {
        positions.addAll(
            positionsByKey.getOrDefault(new KeyValue(Utils.normalizeValue(value)), Set.of()));
      }
      return new ArrayList<>(positions);
    }
    if (!allKeysPlain(query)) {
      Object first = Utils.normalizeValue(query.get(keys().get(0)));
      return new ArrayList<>(positionsByFirstKey.getOrDefault(first, Set.of()));
    }
    List<Object> values = new ArrayList<>();
    for (String key : keys()) {
      values.add(Utils.normalizeValue(query.get(key)));
    }
    return new ArrayList<>(positionsByKey.getOrDefault(new KeyValue(values), Set.of()));
  }

  private boolean allKeysPlain(Document query) {
    return keys().stream().allMatch(key -> isPlainValue(query.get(key)));
  }

  private boolean isCompound() {
    return keys().size() > 1;
  }

  private static <K, P> void forget(Map<K, Set<P>> index, K key, P position) {
    Set<P> positions = index.get(key);
    if (positions != null && positions.remove(position) && positions.isEmpty()) {
      index.remove(key);
    }
  }

  @Override
  public synchronized long getCount() {
    return positionsById.size();
  }

  @Override
  public long getDataSize() {
    return 0;
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<P> collection) {}

  @Override
  public synchronized void updateInPlace(
      Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
    if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
      remove(oldDocument);
      add(newDocument, position, collection);
    }
  }

  @Override
  public synchronized void drop() {
    positionsByKey.clear();
    positionsByFirstKey.clear();
    positionsById.clear();
  }

  private boolean hasNoValueForKeys(Document document) {
    return keys().stream().noneMatch(key -> Utils.hasSubdocumentValue(document, key));
  }

  private static Object id(Document document) {
    return Utils.normalizeValue(document.get("_id"));
  }

  /** A value the index holds as it is: not an operator, a regular expression, an array or null. */
  /** The values of a condition {@code {$in: [plain values]}}, else null. */
  private static List<?> inValues(Object condition) {
    if (condition instanceof Document document
        && document.size() == 1
        && document.get("$in") instanceof List<?> values
        && values.stream().allMatch(EqualityIndex::isPlainValue)) {
      return values;
    }
    return null;
  }

  private static boolean isPlainValue(Object value) {
    return value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof ObjectId
        || value instanceof UUID
        || value instanceof Date
        || value instanceof Instant;
  }
}
