package io.tourbook.platform.backing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/** A real redis-server process, started from the binary shipped in the embedded-redis jar. */
final class EmbeddedRedis {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String HOST = "127.0.0.1";
  private static final int FREE_PORT_ATTEMPTS = 3;

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts redis-server. Blocking.
   *
   * @param dataDir where the append-only file is kept across restarts, or null to keep nothing
   * @param port the port to listen on, 0 for a free one
   */
  static EmbeddedRedis start(Path dataDir, int port) throws IOException {
    // redis-server cannot report the port it picked, so a free one is chosen here; another process
    // may take it before redis binds it, hence the retries.
    int attempts = port == 0 ? FREE_PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      int chosen = port == 0 ? freePort() : port;
      RedisServer server = builder(dataDir, chosen).build();
      try {
        server.start();
        log.info("Embedded Redis on {} ({})", url(chosen), dataDir == null ? "in memory" : dataDir);
        return new EmbeddedRedis(server, chosen);
      } catch (IOException | RuntimeException e) {
        if (attempt >= attempts) {
          throw e;
        }
        log.debug("redis-server did not start on port {}, trying another", chosen, e);
      }
    }
  }

  String url() {
    return url(port);
  }

  /** Stops redis-server, which first flushes its append-only file. Blocking. */
  void stop() throws IOException {
    server.stop();
  }

  private static RedisServerBuilder builder(Path dataDir, int port) throws IOException {
    RedisServerBuilder builder =
        RedisServer.newRedisServer().bind(HOST).port(port).onShutdownForceStop(true);
    if (dataDir == null) {
      return builder.setting("save \"\"").setting("appendonly no");
    }
    Files.createDirectories(dataDir);
    return builder
        .setting("dir \"" + dataDir.toAbsolutePath() + "\"")
        .setting("save \"\"")
        .setting("appendonly yes")
        .setting("appendfsync everysec");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    }
  }

  private static String url(int port) {
    return "redis://" + HOST + ":" + port;
  }
}
