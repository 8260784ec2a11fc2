package io.tourbook.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Waits, with a deadline, for what a MongoDB Reactive Streams publisher emits. This module sits
 * below the platform, so it cannot use the platform's {@code mongo.Reactive}.
 */
final class BlockingReactive {

  private BlockingReactive() {}

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
          public void onError(Throwable failure) {
            done.completeExceptionally(failure);
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
