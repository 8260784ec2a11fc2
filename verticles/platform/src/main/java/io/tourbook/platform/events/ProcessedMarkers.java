package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's record of the events it handled, read and written in batches on the consumer's context:
 * the first lookup (or record) goes out at once, and those that arrive while it is out go together
 * in the next, so a busy group pays one query per batch and an idle one waits for nothing.
 */
final class ProcessedMarkers {

  private static final int MAX_BATCH = 512;

  private final EventStore store;
  private final String group;
  private final Map<String, List<Promise<Boolean>>> lookups = new LinkedHashMap<>();
  private final Map<String, Marking> marks = new LinkedHashMap<>();
  private boolean looking;
  private boolean marking;

  ProcessedMarkers(EventStore store, String group) {
    this.store = store;
    this.group = group;
  }

  private record Marking(EventEnvelope event, List<Promise<Void>> waiters) {}

  Future<Boolean> isProcessed(String eventId) {
    Promise<Boolean> answer = Promise.promise();
    lookups.computeIfAbsent(eventId, id -> new ArrayList<>()).add(answer);
    if (!looking) {
      lookUp();
    }
    return answer.future();
  }

  /** Completes once the record is written: only then may the dispatcher count the event settled. */
  Future<Void> mark(EventEnvelope event) {
    Promise<Void> written = Promise.promise();
    marks
        .computeIfAbsent(event.id(), id -> new Marking(event, new ArrayList<>()))
        .waiters()
        .add(written);
    if (!marking) {
      write();
    }
    return written.future();
  }

  private void lookUp() {
    Map<String, List<Promise<Boolean>>> batch = take(lookups);
    looking = true;
    store
        .processedAmong(group, batch.keySet())
        .onComplete(
            found -> {
              batch.forEach(
                  (id, answers) ->
                      answers.forEach(
                          answer -> {
                            if (found.succeeded()) {
                              answer.complete(found.result().contains(id));
                            } else {
                              answer.fail(found.cause());
                            }
                          }));
              looking = false;
              if (!lookups.isEmpty()) {
                lookUp();
              }
            });
  }

  private void write() {
    Map<String, Marking> batch = take(marks);
    marking = true;
    store
        .markProcessed(group, batch.values().stream().map(Marking::event).toList())
        .onComplete(
            done -> {
              batch.values().forEach(m -> m.waiters().forEach(w -> w.handle(done)));
              marking = false;
              if (!marks.isEmpty()) {
                write();
              }
            });
  }

  /** Removes up to {@link #MAX_BATCH} of the queued entries, oldest first. */
  private static <V> Map<String, V> take(Map<String, V> queue) {
    Map<String, V> batch = new LinkedHashMap<>();
    var entries = queue.entrySet().iterator();
    while (entries.hasNext() && batch.size() < MAX_BATCH) {
      var entry = entries.next();
      batch.put(entry.getKey(), entry.getValue());
      entries.remove();
    }
    return batch;
  }
}
