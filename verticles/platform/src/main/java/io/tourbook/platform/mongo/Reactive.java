package io.tourbook.platform.mongo;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Collects what a MongoDB Reactive Streams publisher emits, the one way the project does it. */
public final class Reactive {

  private Reactive() {}

  /** The first item, or null when the publisher completes empty, on the caller's context. */
  public static <T> Future<T> first(Context context, Publisher<T> publisher) {
    return all(context, publisher, 1).map(items -> items.isEmpty() ? null : items.get(0));
  }

  /** Every item, delivered on the caller's context rather than on a driver thread. */
  public static <T> Future<List<T>> all(Context context, Publisher<T> publisher) {
    return all(context, publisher, Long.MAX_VALUE);
  }

  /** Every item, for callers outside Vert.x (test support, tools). */
  public static <T> CompletableFuture<List<T>> collect(Publisher<T> publisher) {
    return collect(publisher, Long.MAX_VALUE);
  }

  private static <T> Future<List<T>> all(Context context, Publisher<T> publisher, long limit) {
    Promise<List<T>> promise = Promise.promise();
    collect(publisher, limit)
        .whenComplete(
            (items, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        promise.tryFail(failure);
                      } else {
                        promise.tryComplete(items);
                      }
                    }));
    return promise.future();
  }

  private static <T> CompletableFuture<List<T>> collect(Publisher<T> publisher, long limit) {
    CompletableFuture<List<T>> done = new CompletableFuture<>();
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
              done.complete(items);
            }
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
    return done;
  }
}
