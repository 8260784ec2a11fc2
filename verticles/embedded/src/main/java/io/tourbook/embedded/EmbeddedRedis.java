package io.tourbook.embedded;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process, started from the binary shipped in the embedded-redis jar, bound to
 * the loopback interface and requiring a password generated for its data directory.
 *
 * <p>redis-server stops when its node's JVM exits, even when it is killed: the shell that runs it
 * waits for the end of the standard input only the JVM writes to. Should one outlive its node all
 * the same (its shell killed with it), redis-server writes its pid next to its append-only file, so
 * the next node started on the same directory stops it (SIGTERM: it flushes the file) before
 * starting its own: never two servers on one append-only file. redis-server runs with umask 077, so
 * every file it writes is 0600.
 */
final class EmbeddedRedis {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String HOST = "127.0.0.1";
  private static final int FREE_PORT_ATTEMPTS = 3;
  static final String PID_FILE = "redis-server.pid";
  static final String PASSWORD_FILE = "redis.password";
  private static final String CONFIG_FILE = "redis.conf";
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
  // Runs redis-server ($0, with the config file as $@) under umask 077 and stops it (SIGTERM, so it
  // flushes its file) when the node's end of the shell's standard input closes: the node exited,
  // even by kill -9. A SIGTERM to the shell (a clean stop) is passed on too.
  private static final String DIES_WITH_NODE =
      "umask 077; exec 3<&0; \"$0\" \"$@\" & server=$!;"
          + " trap 'kill -TERM $server 2>/dev/null' TERM INT;"
          + " (read -r _ <&3; kill -TERM $server 2>/dev/null) & watcher=$!;"
          + " wait $server; wait $server; kill $watcher 2>/dev/null";

  private final RedisServer server;
  private final int port;
  private final String password;
  private final Path temporaryDir;

  private EmbeddedRedis(RedisServer server, int port, String password, Path temporaryDir) {
    this.server = server;
    this.port = port;
    this.password = password;
    this.temporaryDir = temporaryDir;
  }

  /**
   * Starts redis-server, after stopping one that a killed node left running on {@code dataDir}.
   * Blocking.
   *
   * @param dataDir where the append-only file, the pid file and the password are kept across
   *     restarts (created 0700), or null to keep nothing
   * @param port the port to listen on, 0 for a free one
   */
  static EmbeddedRedis start(Path dataDir, int port) throws IOException, InterruptedException {
    Path configDir;
    String password;
    if (dataDir == null) {
      configDir =
          Files.createTempDirectory(
              "tourbook-redis",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      password = newPassword();
    } else {
      OwnerOnlyFiles.createDirectories(dataDir);
      stopOrphan(dataDir.toAbsolutePath());
      configDir = dataDir;
      password = password(dataDir.resolve(PASSWORD_FILE));
    }
    File executable = ExecutableProvider.newJarResourceProvider().get();
    // redis-server cannot report the port it picked, so a free one is chosen here; another process
    // may take it before redis binds it, hence the retries.
    int attempts = port == 0 ? FREE_PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      int chosen = port == 0 ? freePort() : port;
      Path config = writeConfig(configDir, dataDir, chosen, password);
      RedisServer server =
          new RedisServer(
              chosen,
              List.of(
                  "/bin/sh", "-c", DIES_WITH_NODE, executable.getAbsolutePath(), config.toString()),
              false);
      try {
        server.start();
        log.info(
            "Embedded Redis on {} ({}, password required)",
            address(chosen),
            dataDir == null ? "in memory" : dataDir);
        return new EmbeddedRedis(server, chosen, password, dataDir == null ? configDir : null);
      } catch (IOException | RuntimeException e) {
        if (attempt >= attempts) {
          deleteTemporary(dataDir == null ? configDir : null);
          throw e;
        }
        log.debug("redis-server did not start on port {}, trying another", chosen, e);
      }
    }
  }

  /** The connection string, password included: hand it only to this node's Redis clients. */
  String url() {
    return "redis://default:" + password + "@" + address(port);
  }

  /** Stops redis-server (SIGTERM), which first flushes its append-only file. Blocking. */
  void stop() throws IOException {
    try {
      server.stop();
    } finally {
      deleteTemporary(temporaryDir);
    }
  }

  /**
   * Stops the redis-server named by {@code dataDir}'s pid file if it still runs there: a node on
   * this directory was killed and left it behind.
   */
  private static void stopOrphan(Path dataDir) throws IOException, InterruptedException {
    Path pidFile = dataDir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan =
        pid(pidFile).flatMap(ProcessHandle::of).filter(process -> runsRedisOn(process, dataDir));
    if (orphan.isPresent()) {
      ProcessHandle process = orphan.get();
      log.warn(
          "Stopping redis-server {} that an earlier node left running on {}",
          process.pid(),
          dataDir);
      process.destroy();
      try {
        process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException stillRunning) {
        process.destroyForcibly();
        process.onExit().join();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private static Optional<Long> pid(Path pidFile) throws IOException {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code process} is a redis-server working in {@code dataDir}: a pid may have been
   * reused by another process since the file was written.
   */
  private static boolean runsRedisOn(ProcessHandle process, Path dataDir) {
    if (!process.isAlive()
        || process.info().command().filter(command -> command.contains("redis-server")).isEmpty()) {
      return false;
    }
    // redis-server changes into its data directory; /proc shows it on Linux.
    Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
    try {
      return Files.readSymbolicLink(cwd).equals(dataDir.toRealPath());
    } catch (IOException | UnsupportedOperationException noProc) {
      return true;
    }
  }

  /** The password generated for {@code file}'s directory, created on first use. */
  private static String password(Path file) throws IOException {
    if (Files.exists(file)) {
      OwnerOnlyFiles.createOrRestrict(file);
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
    String password = newPassword();
    OwnerOnlyFiles.writeNew(file, password.getBytes(StandardCharsets.US_ASCII));
    return password;
  }

  private static String newPassword() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The configuration, password included, in a file only this user can read. */
  private static Path writeConfig(Path configDir, Path dataDir, int port, String password)
      throws IOException {
    StringBuilder config =
        new StringBuilder()
            .append("bind ")
            .append(HOST)
            .append("\nprotected-mode yes\nport ")
            .append(port)
            .append("\nrequirepass ")
            .append(password)
            .append("\nsave \"\"\n");
    if (dataDir == null) {
      config.append("appendonly no\n");
    } else {
      Path dir = dataDir.toAbsolutePath();
      config
          .append("dir \"")
          .append(dir)
          .append("\"\npidfile \"")
          .append(dir.resolve(PID_FILE))
          .append("\"\nappendonly yes\nappendfsync everysec\n");
    }
    Path file = configDir.resolve(CONFIG_FILE);
    Files.deleteIfExists(file);
    OwnerOnlyFiles.writeNew(file, config.toString().getBytes(StandardCharsets.UTF_8));
    return file.toAbsolutePath();
  }

  private static void deleteTemporary(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    Files.deleteIfExists(dir.resolve(CONFIG_FILE));
    Files.deleteIfExists(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    }
  }

  private static String address(int port) {
    return HOST + ":" + port;
  }
}
