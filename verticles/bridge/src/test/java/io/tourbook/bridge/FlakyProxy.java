package io.tourbook.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of an AWS-style JSON endpoint that fails a share of requests with a 500
 * InternalError. Half of the failures never reach the upstream; the other half do, and only their
 * answer is lost, so the caller retries a call that had in fact succeeded.
 */
final class FlakyProxy {

  private static final String INTERNAL_ERROR =
      "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"injected failure\"}";

  private final HttpServer server;
  private final HttpClient upstream;
  private final Random random;
  private final double failureRate;
  private final URI target;
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger lostAnswers = new AtomicInteger();
  private final AtomicInteger passed = new AtomicInteger();

  private FlakyProxy(Vertx vertx, URI target, double failureRate, long seed) {
    this.target = target;
    this.failureRate = failureRate;
    this.random = new Random(seed);
    this.upstream = vertx.createHttpClient();
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static Future<FlakyProxy> start(Vertx vertx, URI target, double failureRate, long seed) {
    FlakyProxy proxy = new FlakyProxy(vertx, target, failureRate, seed);
    return proxy.server.listen(0, "127.0.0.1").map(proxy);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  int dropped() {
    return dropped.get();
  }

  int lostAnswers() {
    return lostAnswers.get();
  }

  int passed() {
    return passed.get();
  }

  Future<Void> close() {
    return server.close().compose(v -> upstream.close());
  }

  private void handle(HttpServerRequest request) {
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    request
        .body()
        .compose(
            body -> {
              if (draw < failureRate / 2) {
                dropped.incrementAndGet();
                return Future.succeededFuture(false);
              }
              return forward(request, body)
                  .compose(
                      answer -> answer.body().map(bytes -> relay(request, draw, answer, bytes)));
            })
        .onComplete(
            answered -> {
              if (answered.failed() || !answered.result()) {
                request
                    .response()
                    .setStatusCode(500)
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .end(INTERNAL_ERROR);
              }
            });
  }

  /** Passes the upstream's answer on, unless this request's draw loses it. */
  private boolean relay(
      HttpServerRequest request, double draw, HttpClientResponse answer, Buffer bytes) {
    if (draw < failureRate) {
      lostAnswers.incrementAndGet();
      return false;
    }
    passed.incrementAndGet();
    request.response().setStatusCode(answer.statusCode());
    answer
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("content-length")
                  && !name.equalsIgnoreCase("transfer-encoding")) {
                request.response().headers().add(name, value);
              }
            });
    request.response().end(bytes);
    return true;
  }

  private Future<HttpClientResponse> forward(HttpServerRequest request, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(target.getHost())
            .setPort(target.getPort())
            .setURI(request.uri())
            .setHeaders(request.headers().copy().remove("Host"));
    return upstream.request(options).compose(outgoing -> outgoing.send(body));
  }
}
