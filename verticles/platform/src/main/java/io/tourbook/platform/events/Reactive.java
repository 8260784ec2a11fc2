package io.tourbook.platform.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Turns MongoDB Reactive Streams publishers into Vert.x futures completed on the caller's context,
 * so results of the driver's threads are handled on the event loop that asked for them.
 */
final class Reactive {

  private Reactive() {}

  /** The first item, or null when the publisher completes empty. */
  static <T> Future<T> first(Context context, Publisher<T> publisher) {
    return all(context, publisher, 1).map(items -> items.isEmpty() ? null : items.get(0));
  }

  static <T> Future<List<T>> all(Context context, Publisher<T> publisher) {
    return all(context, publisher, Long.MAX_VALUE);
  }

  private static <T> Future<List<T>> all(Context context, Publisher<T> publisher, long limit) {
    Promise<List<T>> promise = Promise.promise();
    publisher.subscribe(
        new Subscriber<T>() {
          private final List<T> items = new ArrayList<>();
          private Subscription subscription;

          @Override
          public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            subscription.request(limit);
          }

          @Override
          public void onNext(T item) {
            items.add(item);
            if (items.size() >= limit) {
              subscription.cancel();
              onComplete();
            }
          }

          @Override
          public void onError(Throwable failure) {
            context.runOnContext(v -> promise.tryFail(failure));
          }

          @Override
          public void onComplete() {
            context.runOnContext(v -> promise.tryComplete(items));
          }
        });
    return promise.future();
  }
}
