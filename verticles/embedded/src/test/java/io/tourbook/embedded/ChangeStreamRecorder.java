package io.tourbook.embedded;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Records what a change stream publishes, for tests to take one signal at a time. */
final class ChangeStreamRecorder implements Subscriber<ChangeStreamDocument<Document>> {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private volatile Subscription subscription;

  @Override
  public void onSubscribe(Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(ChangeStreamDocument<Document> change) {
    signals.add(change);
  }

  @Override
  public void onError(Throwable error) {
    signals.add(error);
  }

  @Override
  public void onComplete() {
    signals.add("complete");
  }

  /** The next change; fails on an error, on completion, or when none comes before the deadline. */
  @SuppressWarnings("unchecked")
  ChangeStreamDocument<Document> next() throws InterruptedException {
    Object signal = nextSignal();
    if (signal instanceof ChangeStreamDocument<?> change) {
      return (ChangeStreamDocument<Document>) change;
    }
    throw new AssertionError("Expected a change but got " + signal, asThrowable(signal));
  }

  /** The error the stream fails with; fails when a change or nothing comes instead. */
  Throwable error() throws InterruptedException {
    Object signal = nextSignal();
    if (signal instanceof Throwable error) {
      return error;
    }
    throw new AssertionError("Expected an error but got " + signal);
  }

  void cancel() {
    if (subscription != null) {
      subscription.cancel();
    }
  }

  private Object nextSignal() throws InterruptedException {
    Object signal = signals.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    if (signal == null) {
      throw new AssertionError("Nothing from the change stream within " + DEADLINE);
    }
    return signal;
  }

  private static Throwable asThrowable(Object signal) {
    return signal instanceof Throwable error ? error : null;
  }
}
