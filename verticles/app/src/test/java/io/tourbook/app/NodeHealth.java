package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;

import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a node process a test started: healthy, or the reason it is not in its log. */
final class NodeHealth {

  /** How long a node process may take to start. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private NodeHealth() {}

  /** The node's health document once {@code GET /health} on {@code port} answers 200. */
  static JsonObject awaitHealthy(WebClient http, int port, Process node, Path log)
      throws Exception {
    try {
      return Eventually.until(
          "the node on port " + port + " healthy",
          START_TIMEOUT,
          () -> {
            if (!node.isAlive()) {
              throw new AssertionError(
                  "node exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return health(http, port);
          },
          health -> true);
    } catch (AssertionError notHealthy) {
      if (!node.isAlive()) {
        throw notHealthy;
      }
      throw new AssertionError(
          "node not healthy in time: " + Files.readString(log, StandardCharsets.UTF_8), notHealthy);
    }
  }

  /** The health document, or null while the node is not listening or not healthy yet. */
  private static JsonObject health(WebClient http, int port) {
    try {
      HttpResponse<Buffer> response = await(http.get(port, "127.0.0.1", "/health").send());
      return response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
    } catch (Exception notYetListening) {
      return null;
    }
  }
}
