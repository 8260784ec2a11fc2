package io.tourbook.embedded;

import static java.nio.file.attribute.PosixFilePermissions.fromString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Embedded Redis (redis-server process)")
class EmbeddedRedisTest {

  @TempDir Path tempDir;

  private final Vertx vertx = Vertx.vertx();
  private final List<EmbeddedRedis> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (EmbeddedRedis redis : started) {
      redis.stop();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("requires its generated password, kept 0600 in a 0700 directory with 0600 files")
  void requiresGeneratedPassword() throws Exception {
    Path dir = tempDir.resolve("data").resolve("redis");
    EmbeddedRedis redis = start(dir);
    String url = redis.url();
    set(url, "k", "v");
    String withoutPassword = url.replaceFirst("default:[^@]+@", "");

    assertThatThrownBy(() -> get(withoutPassword, "k")).hasMessageContaining("NOAUTH");
    assertThat(get(url, "k")).isEqualTo("v");
    assertThat(url).contains(Files.readString(dir.resolve(EmbeddedRedis.PASSWORD_FILE)).strip());
    assertThat(Files.getPosixFilePermissions(tempDir.resolve("data")))
        .isEqualTo(fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(fromString("rwx------"));
    try (var files = Files.list(dir)) {
      assertThat(files.toList())
          .extracting(Path::getFileName)
          .extracting(Path::toString)
          .contains("appendonly.aof", EmbeddedRedis.PID_FILE, EmbeddedRedis.PASSWORD_FILE);
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        assertThat(Files.getPosixFilePermissions(file))
            .as(file.toString())
            .isEqualTo(fromString("rw-------"));
      }
    }
  }

  @Test
  @DisplayName("keeps its password across restarts on the same directory")
  void keepsPasswordAcrossRestarts() throws Exception {
    Path dir = tempDir.resolve("redis");
    EmbeddedRedis first = start(dir);
    String firstUrl = first.url();
    set(firstUrl, "k", "v");
    first.stop();
    started.remove(first);

    EmbeddedRedis second = start(dir);

    assertThat(second.url().replaceFirst(":\\d+$", ""))
        .isEqualTo(firstUrl.replaceFirst(":\\d+$", ""));
    assertThat(get(second.url(), "k")).isEqualTo("v");
  }

  @Test
  @DisplayName("stops the redis-server a killed node left on its directory before starting its own")
  void stopsOrphanOnItsDirectory() throws Exception {
    Path dir = tempDir.resolve("redis");
    EmbeddedRedis orphan = start(dir);
    started.remove(orphan);
    set(orphan.url(), "k", "v");
    long orphanPid = Long.parseLong(Files.readString(dir.resolve(EmbeddedRedis.PID_FILE)).strip());

    EmbeddedRedis next = start(dir);

    assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(get(next.url(), "k")).isEqualTo("v");
    assertThat(Long.parseLong(Files.readString(dir.resolve(EmbeddedRedis.PID_FILE)).strip()))
        .isNotEqualTo(orphanPid);
  }

  private EmbeddedRedis start(Path dir) throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.start(dir, 0);
    started.add(redis);
    return redis;
  }

  private void set(String url, String key, String value) throws Exception {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    try {
      client.send(Request.cmd(Command.SET).arg(key).arg(value)).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  private String get(String url, String key) throws Exception {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    try {
      return client.send(Request.cmd(Command.GET).arg(key)).await(10, TimeUnit.SECONDS).toString();
    } finally {
      client.close();
    }
  }
}
