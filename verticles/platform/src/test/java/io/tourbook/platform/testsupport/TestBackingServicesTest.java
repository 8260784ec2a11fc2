package io.tourbook.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.tourbook.embedded.BackingSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("TestBackingServices")
class TestBackingServicesTest {

  private final TestBackingServices backing = TestBackingServices.get();

  @BeforeEach
  void cleanData() {
    backing.reset();
  }

  @Test
  @DisplayName("is one instance per JVM")
  void oneInstancePerJvm() {
    assertThat(TestBackingServices.get()).isSameAs(backing);
  }

  @Test
  @DisplayName(
      "hands out the defaults pointed at its services, a free HTTP port and a fresh data dir")
  void config() {
    JsonObject first = backing.config();
    JsonObject second = backing.config();
    BackingSettings settings = backing.settings();

    assertThat(first.getJsonObject("mongo").getString("uri")).isEqualTo(settings.mongoUri());
    assertThat(first.getJsonObject("redis").getString("url")).isEqualTo(settings.redisUrl());
    assertThat(first.getJsonObject("sqs").getString("endpoint")).isEqualTo(settings.sqsEndpoint());
    assertThat(first.getJsonObject("smtp").getInteger("port")).isEqualTo(settings.smtpPort());
    assertThat(first.getJsonObject("http").getInteger("port")).isZero();
    assertThat(first.getJsonObject("events").getInteger("max-attempts")).isEqualTo(5);
    Path firstDir = Path.of(first.getJsonObject("data").getString("dir"));
    Path secondDir = Path.of(second.getJsonObject("data").getString("dir"));
    assertThat(firstDir).isEmptyDirectory().isNotEqualTo(secondDir);
    assertThat(Files.isDirectory(secondDir)).isTrue();
  }

  @Test
  @DisplayName("reset() drops MongoDB databases, flushes Redis and empties the mailboxes")
  void resetClearsData(Vertx vertx, VertxTestContext testContext) {
    MongoClient mongo = mongo(vertx);
    Redis redis = Redis.createClient(vertx, backing.settings().redisUrl());
    GreenMail mail = backing.mail().orElseThrow();

    mongo
        .insert("tours", new JsonObject().put("_id", "t1"))
        .compose(id -> redis.send(Request.cmd(Command.SET).arg("realtor:r1").arg("available")))
        .compose(ok -> vertx.executeBlocking(this::sendMail))
        .compose(sent -> snapshot(vertx, mongo, redis, mail))
        .compose(
            before -> {
              testContext.verify(
                  () -> {
                    assertThat(before.collections()).containsExactly("tours");
                    assertThat(before.redisKeys()).isEqualTo(1);
                    assertThat(before.mails()).isEqualTo(1);
                  });
              return vertx.executeBlocking(
                  () -> {
                    backing.reset();
                    return null;
                  });
            })
        .compose(cleared -> snapshot(vertx, mongo, redis, mail))
        .eventually(() -> Future.all(mongo.close(), redis.close()))
        .onComplete(
            testContext.succeeding(
                after ->
                    testContext.verify(
                        () -> {
                          assertThat(after.collections()).isEmpty();
                          assertThat(after.redisKeys()).isZero();
                          assertThat(after.mails()).isZero();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "runs MongoDB and Redis embedded unless Docker is available; SMTP is always GreenMail")
  void embeddedWithoutDocker() {
    BackingSettings settings = backing.settings();
    if (!backing.dockerAvailable()) {
      assertThat(settings.mongoUri())
          .startsWith("mongodb://127.0.0.1:")
          .endsWith("/?directConnection=true");
      assertThat(settings.redisUrl()).matches("redis://default:[^@]+@127\\.0\\.0\\.1:\\d+");
    }
    assertThat(backing.mail()).isPresent();
    assertThat(backing.mail().orElseThrow().getSmtp().getPort()).isEqualTo(settings.smtpPort());
  }

  private record Snapshot(List<String> collections, int redisKeys, int mails) {}

  private static Future<Snapshot> snapshot(
      Vertx vertx, MongoClient mongo, Redis redis, GreenMail mail) {
    return Future.all(
            mongo.getCollections(),
            redis.send(Request.cmd(Command.DBSIZE)),
            vertx.executeBlocking(() -> mail.getReceivedMessages().length))
        .map(
            all ->
                new Snapshot(
                    all.resultAt(0),
                    all.<Response>resultAt(1).toInteger(),
                    all.<Integer>resultAt(2)));
  }

  private MongoClient mongo(Vertx vertx) {
    return MongoClient.create(
        vertx,
        new JsonObject()
            .put("connection_string", backing.settings().mongoUri())
            .put("db_name", "tour"));
  }

  private Void sendMail() {
    BackingSettings settings = backing.settings();
    GreenMailUtil.sendTextEmail(
        "realtor@example.com",
        "tourbook@localhost",
        "New tour",
        "You have a tour",
        new ServerSetup(settings.smtpPort(), settings.smtpHost(), ServerSetup.PROTOCOL_SMTP));
    backing.mail().orElseThrow().waitForIncomingEmail(5000, 1);
    return null;
  }
}
