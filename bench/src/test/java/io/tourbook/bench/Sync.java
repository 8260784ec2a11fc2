package io.tourbook.bench;

import io.tourbook.platform.mongo.Reactive;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;

/** Blocking waits for the bench and chaos drivers, which run on their own threads. */
final class Sync {

  private static final long TIMEOUT_SECONDS = 120;

  private Sync() {}

  static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(TIMEOUT_SECONDS));
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("No answer within " + timeout, e);
    }
  }

  static <T> List<T> all(Publisher<T> publisher) {
    return await(Future.fromCompletionStage(Reactive.collect(publisher)));
  }

  static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
