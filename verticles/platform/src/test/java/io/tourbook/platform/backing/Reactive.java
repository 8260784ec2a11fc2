package io.tourbook.platform.backing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Waits, with a deadline, for what a MongoDB Reactive Streams publisher emits. */
final class Reactive {

  private Reactive() {}

  static <T> List<T> all(Publisher<T> publisher) throws Exception {
    CompletableFuture<List<T>> done = new CompletableFuture<>();
    publisher.subscribe(
        new Subscriber<T>() {
          private final List<T> items = new ArrayList<>();

          @Override
          public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(T item) {
            items.add(item);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            done.complete(items);
          }
        });
    return done.get(10, TimeUnit.SECONDS);
  }

  static <T> T single(Publisher<T> publisher) throws Exception {
    List<T> items = all(publisher);
    if (items.size() != 1) {
      throw new AssertionError("Expected one item but got " + items);
    }
    return items.get(0);
  }
}
