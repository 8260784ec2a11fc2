package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * A unique index that also serves a query naming its keys among other conditions. The library uses
 * an index only for a query on exactly its keys, so a conditional write such as {@code {_id: x,
 * status: "pending"}} scanned the whole collection. The collection checks every candidate against
 * the whole query, so narrowing by the index's part of it returns the same documents.
 */
final class NarrowingH2UniqueIndex extends H2UniqueIndex {

  NarrowingH2UniqueIndex(
      MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
    super(map, name, keys, sparse);
  }

  @Override
  public synchronized boolean canHandle(Document query) {
    return super.canHandle(query) || super.canHandle(indexPart(query));
  }

  @Override
  public synchronized Iterable<Object> getPositions(Document query) {
    return super.canHandle(query)
        ? super.getPositions(query)
        : super.getPositions(indexPart(query));
  }

  /** The query's conditions on this index's keys, or the query itself when it lacks one. */
  private Document indexPart(Document query) {
    if (!query.keySet().containsAll(keySet())) {
      return query;
    }
    Document part = new Document();
    keySet().forEach(key -> part.put(key, query.get(key)));
    return part;
  }
}
