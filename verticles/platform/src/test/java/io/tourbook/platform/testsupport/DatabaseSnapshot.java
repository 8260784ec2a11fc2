package io.tourbook.platform.testsupport;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.tourbook.platform.audit.CommandAudit;
import io.tourbook.platform.mongo.Reactive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * Every document of every database of a MongoDB, read in one go, so a test can prove that a batch
 * of rejected requests changed nothing. The audit log is left out: recording refused commands is
 * its job.
 */
public final class DatabaseSnapshot {

  private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "config", "local");
  private static final long TIMEOUT_SECONDS = 30;

  /** Documents as canonical JSON, by {@code database.collection}. */
  private final Map<String, List<String>> collections;

  private DatabaseSnapshot(Map<String, List<String>> collections) {
    this.collections = collections;
  }

  /** Reads the databases behind {@code mongoUri}. Blocking: call it from the test thread. */
  public static DatabaseSnapshot take(String mongoUri) {
    try (MongoClient mongo = MongoClients.create(mongoUri)) {
      Map<String, List<String>> collections = new TreeMap<>();
      for (String name : await(Reactive.collect(mongo.listDatabaseNames()))) {
        if (SYSTEM_DATABASES.contains(name)) {
          continue;
        }
        MongoDatabase database = mongo.getDatabase(name);
        for (String collection : await(Reactive.collect(database.listCollectionNames()))) {
          if (name.equals(CommandAudit.DATABASE) && collection.equals(CommandAudit.COLLECTION)) {
            continue;
          }
          List<String> documents = new ArrayList<>();
          for (Document document :
              await(Reactive.collect(database.getCollection(collection).find()))) {
            documents.add(document.toJson());
          }
          documents.sort(String::compareTo);
          collections.put(name + "." + collection, documents);
        }
      }
      return new DatabaseSnapshot(collections);
    }
  }

  /**
   * The state of the databases once it has stayed the same for {@code quiet}: background work
   * (event delivery, iam's records) has settled. Fails after {@code deadline}.
   */
  public static DatabaseSnapshot settled(String mongoUri, Duration quiet, Duration deadline)
      throws Exception {
    DatabaseSnapshot[] unchanged = {take(mongoUri)};
    long[] since = {System.nanoTime()};
    return Eventually.until(
        "the databases to stay unchanged for " + quiet,
        deadline,
        () -> {
          DatabaseSnapshot current = take(mongoUri);
          if (!current.equals(unchanged[0])) {
            unchanged[0] = current;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] >= quiet.toNanos() ? current : null;
        },
        settled -> true);
  }

  /** What differs from {@code other}, one line per changed collection; empty when nothing does. */
  public List<String> differences(DatabaseSnapshot other) {
    Set<String> names = new TreeSet<>(collections.keySet());
    names.addAll(other.collections.keySet());
    List<String> differences = new ArrayList<>();
    for (String name : names) {
      List<String> before = collections.getOrDefault(name, List.of());
      List<String> after = other.collections.getOrDefault(name, List.of());
      if (!before.equals(after)) {
        differences.add(
            name
                + ": gone "
                + before.stream().filter(d -> !after.contains(d)).collect(Collectors.toList())
                + ", new "
                + after.stream().filter(d -> !before.contains(d)).collect(Collectors.toList()));
      }
    }
    return differences;
  }

  /** Every document, for tests that check a response leaks none of them. */
  public Map<String, List<String>> documents() {
    return Map.copyOf(collections);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatabaseSnapshot snapshot && collections.equals(snapshot.collections);
  }

  @Override
  public int hashCode() {
    return collections.hashCode();
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Reading MongoDB failed", e);
    }
  }
}
