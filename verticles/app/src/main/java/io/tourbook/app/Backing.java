package io.tourbook.app;

import io.tourbook.platform.config.ConfigLoader;
import io.tourbook.platform.mail.SentMail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backing services (MongoDB, Redis, SQS, SMTP) a node runs on, as its launcher found them. */
interface Backing {

  /** A copy of {@code config} that points at every backing service. */
  JsonObject applyTo(JsonObject config);

  /**
   * The settings as environment variables, for other nodes on this machine; empty when the launcher
   * started no server of its own.
   */
  Map<String, String> environment();

  /** What the embedded SMTP server received, when it is the one in use; empty otherwise. */
  Optional<SentMail> sentMail();

  /** Stops what the launcher started. */
  Future<Void> stop(Vertx vertx);

  /** How a launcher gets its backing services. */
  @FunctionalInterface
  interface Starter {
    Future<Backing> start(Vertx vertx, JsonObject config);
  }

  /**
   * The production launcher's backing services: all configured, none started. Fails naming every
   * one that is not configured (the SQS endpoint may stay empty: the regional AWS endpoint).
   */
  static Future<Backing> configured(Vertx vertx, JsonObject config) {
    List<String> missing = new ArrayList<>();
    for (String key : List.of("mongo.uri", "redis.url", "smtp.host")) {
      if (ConfigLoader.string(config, key).isBlank()) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      return Future.failedFuture(
          new IllegalStateException(
              "This jar has no embedded servers (built with -Dproduction); configure "
                  + String.join(", ", missing)));
    }
    return Future.succeededFuture(
        new Backing() {
          @Override
          public JsonObject applyTo(JsonObject node) {
            return node;
          }

          @Override
          public Map<String, String> environment() {
            return Map.of();
          }

          @Override
          public Optional<SentMail> sentMail() {
            return Optional.empty();
          }

          @Override
          public Future<Void> stop(Vertx stopping) {
            return Future.succeededFuture();
          }
        });
  }
}
