package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EqualityIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.nio.ByteBuffer;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 database with non-unique indexes ({@link EqualityIndex}) and index maps
 * that compare their keys as values. The library opens each unique index as an H2 map with H2's
 * generic key type, which compares keys of a class it does not know by Java-serializing both on
 * every comparison: a quarter of the embedded server's time under the booking bench. Here the keys
 * compare with mongo-java-server's own value order (MongoDB's). The maps get a new name, since the
 * order of a stored tree is fixed; an index stored under the old name is copied over once and
 * removed. In this package because the index class's constructor is package-private.
 */
public final class OrderedIndexH2Database extends H2Database {

  private static final String ORDERED_SUFFIX = ".ordered";
  private static final KeyValueType KEYS = new KeyValueType();

  /** The store of a database being constructed: the library's constructor opens its indexes. */
  private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

  private final MVStore store;

  private OrderedIndexH2Database(String name, MVStore store, CursorRegistry cursors) {
    super(name, store, cursors);
    this.store = store;
  }

  public static OrderedIndexH2Database open(String name, MVStore store, CursorRegistry cursors) {
    OPENING.set(store);
    try {
      return new OrderedIndexH2Database(name, store, cursors);
    } finally {
      OPENING.remove();
    }
  }

  private MVStore store() {
    return store != null ? store : OPENING.get();
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    MVStore store = store();
    String unordered = indexMap(collectionName, indexName);
    MVMap<KeyValue, Object> map =
        store.openMap(
            unordered + ORDERED_SUFFIX, new MVMap.Builder<KeyValue, Object>().keyType(KEYS));
    if (store.hasMap(unordered)) {
      MVMap<KeyValue, Object> stored = store.openMap(unordered);
      if (map.isEmpty()) {
        map.putAll(stored);
      }
      store.removeMap(stored);
    }
    return new NarrowingH2UniqueIndex(map, indexName, keys, sparse);
  }

  /** The library ignores non-unique indexes; here they narrow equality queries. */
  @Override
  protected Index<Object> openOrCreateSecondaryIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new EqualityIndex<>(indexName, keys, sparse);
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    store().removeMap(indexMap(collection.getCollectionName(), indexName) + ORDERED_SUFFIX);
  }

  /** The library's name for an index's map. */
  private String indexMap(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
  }

  /** Index keys in value order; stored as the library stores them. */
  private static final class KeyValueType extends BasicDataType<KeyValue> {

    private static final ObjectDataType STORED = new ObjectDataType();
    private static final ValueComparator VALUES = ValueComparator.asc();

    @Override
    public int compare(KeyValue a, KeyValue b) {
      int bySize = Integer.compare(a.size(), b.size());
      if (bySize != 0) {
        return bySize;
      }
      for (int i = 0; i < a.size(); i++) {
        int byValue = VALUES.compare(a.get(i), b.get(i));
        if (byValue != 0) {
          return byValue;
        }
      }
      return 0;
    }

    @Override
    public int getMemory(KeyValue key) {
      return 48 + 32 * key.size();
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
      STORED.write(buffer, key);
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
      return (KeyValue) STORED.read(buffer);
    }

    @Override
    public KeyValue[] createStorage(int size) {
      return new KeyValue[size];
    }
  }
}
