package io.tourbook.platform.health;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.concurrent.TimeUnit;

/**
 * {@link HealthChecks} whose every procedure runs at most once per {@code health.cache-ms}, and
 * never twice at once: probes arriving meanwhile share the running check or its last result. So any
 * number of concurrent {@code /health/ready} probes costs one check per dependency per interval and
 * can never exhaust a client's pool. A procedure that fails, or does not answer within its timeout,
 * is DOWN with the {@code reason}.
 */
final class CachedChecks implements HealthChecks {

  private final Vertx vertx;
  private final HealthChecks delegate;
  private final long cacheNanos;
  private final long defaultTimeoutMs;

  CachedChecks(Vertx vertx, HealthChecks delegate, long cacheMs, long defaultTimeoutMs) {
    this.vertx = vertx;
    this.delegate = delegate;
    this.cacheNanos = TimeUnit.MILLISECONDS.toNanos(cacheMs);
    this.defaultTimeoutMs = defaultTimeoutMs;
  }

  @Override
  public HealthChecks register(String name, Handler<Promise<Status>> procedure) {
    return register(name, defaultTimeoutMs, procedure);
  }

  @Override
  public HealthChecks register(String name, long timeout, Handler<Promise<Status>> procedure) {
    Cached cached = new Cached(procedure, timeout);
    // The delegate's own timeout stays above ours, so a slow check is reported with its reason.
    delegate.register(name, timeout + 1000, promise -> cached.status().onComplete(promise));
    return this;
  }

  @Override
  public HealthChecks unregister(String name) {
    delegate.unregister(name);
    return this;
  }

  @Override
  public HealthChecks invoke(Handler<JsonObject> resultHandler) {
    delegate.invoke(resultHandler);
    return this;
  }

  @Override
  public Future<JsonObject> invoke(String name) {
    return delegate.invoke(name);
  }

  @Override
  public Future<CheckResult> checkStatus() {
    return delegate.checkStatus();
  }

  @Override
  public Future<CheckResult> checkStatus(String name) {
    return delegate.checkStatus(name);
  }

  /** One procedure's running check or last result. */
  private final class Cached {

    private final Handler<Promise<Status>> procedure;
    private final long timeoutMs;
    private Future<Status> current;
    private long completedAt;

    Cached(Handler<Promise<Status>> procedure, long timeoutMs) {
      this.procedure = procedure;
      this.timeoutMs = timeoutMs;
    }

    synchronized Future<Status> status() {
      boolean fresh =
          current != null
              && (!current.isComplete() || System.nanoTime() - completedAt < cacheNanos);
      if (!fresh) {
        current = run();
      }
      return current;
    }

    private Future<Status> run() {
      Promise<Status> promise = Promise.promise();
      long timer =
          vertx.setTimer(
              timeoutMs, id -> promise.tryComplete(down("no answer within " + timeoutMs + " ms")));
      try {
        procedure.handle(promise);
      } catch (RuntimeException failure) {
        promise.tryFail(failure);
      }
      return promise
          .future()
          .recover(failure -> Future.succeededFuture(down(Reasons.of(failure))))
          .onComplete(
              done -> {
                vertx.cancelTimer(timer);
                synchronized (this) {
                  completedAt = System.nanoTime();
                }
              });
    }
  }

  static Status down(String reason) {
    return Status.KO(new JsonObject().put("reason", reason));
  }
}
