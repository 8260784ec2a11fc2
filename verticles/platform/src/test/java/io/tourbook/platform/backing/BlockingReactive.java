package io.tourbook.platform.backing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;

/** Waits, with a deadline, for what a MongoDB Reactive Streams publisher emits. */
final class BlockingReactive {

  private BlockingReactive() {}

  static <T> List<T> all(Publisher<T> publisher) throws Exception {
    return io.tourbook.platform.mongo.Reactive.collect(publisher).get(10, TimeUnit.SECONDS);
  }

  static <T> T single(Publisher<T> publisher) throws Exception {
    List<T> items = all(publisher);
    if (items.size() != 1) {
      throw new AssertionError("Expected one item but got " + items);
    }
    return items.get(0);
  }
}
