package io.tourbook.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.tourbook.embedded.BackingServices;
import io.tourbook.embedded.BackingSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("BackingServices")
class BackingServicesTest {

  private static final Pattern QUEUE_URL = Pattern.compile("<QueueUrl>([^<]+)</QueueUrl>");
  private static final Pattern BODY = Pattern.compile("<Body>([^<]+)</Body>");

  @TempDir Path dataDir;

  @Test
  @DisplayName(
      "with nothing configured, starts MongoDB, Redis, SQS and SMTP embedded, and each answers")
  void startsEveryServiceEmbedded(Vertx vertx, VertxTestContext testContext) {
    config(vertx, false)
        .compose(config -> BackingServices.start(vertx, config))
        .compose(
            services ->
                mongoWritesAndReads(vertx, services.settings())
                    .compose(ignored -> redisAnswersPing(vertx, services.settings()))
                    .compose(ignored -> sqsSendsAndReceives(vertx, services.settings()))
                    .compose(ignored -> smtpReceives(vertx, services))
                    .eventually(() -> services.stop(vertx)))
        .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("uses configured services as they are, starts none, and stops none of them")
  void usesConfiguredServices(Vertx vertx, VertxTestContext testContext) {
    config(vertx, false)
        .compose(
            config ->
                BackingServices.start(vertx, config)
                    .compose(
                        embedded ->
                            BackingServices.start(vertx, embedded.settings().applyTo(config))
                                .compose(
                                    configured -> {
                                      testContext.verify(
                                          () -> {
                                            assertThat(configured.settings())
                                                .isEqualTo(embedded.settings());
                                            assertThat(configured.embeddedMail()).isEmpty();
                                          });
                                      return configured.stop(vertx);
                                    })
                                .compose(ignored -> mongoWritesAndReads(vertx, embedded.settings()))
                                .eventually(() -> embedded.stop(vertx))))
        .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("with embedding disabled, names every service that is not configured")
  void failsWhenEmbeddingIsDisabledAndServicesAreMissing(
      Vertx vertx, VertxTestContext testContext) {
    config(vertx, false)
        .compose(
            config -> {
              config.getJsonObject("embedded").put("enabled", false);
              config.getJsonObject("mongo").put("uri", "mongodb://db.example:27017");
              return BackingServices.start(vertx, config);
            })
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining("redis.url (REDIS_URL)")
                              .hasMessageContaining("smtp.host (SMTP_HOST)")
                              .hasMessageNotContaining("mongo.uri");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("keeps MongoDB and Redis data under data.dir across a restart")
  void keepsDataAcrossRestart(Vertx vertx, VertxTestContext testContext) {
    JsonObject tour = new JsonObject().put("_id", "t1").put("status", "PENDING");
    config(vertx, true)
        .compose(
            config ->
                BackingServices.start(vertx, config)
                    .compose(
                        first ->
                            mongo(vertx, first.settings())
                                .insert("tours", tour)
                                .compose(
                                    ignored ->
                                        redis(vertx, first.settings())
                                            .send(Request.cmd(Command.SET).arg("tour").arg("t1")))
                                .eventually(() -> first.stop(vertx)))
                    .compose(ignored -> BackingServices.start(vertx, config)))
        .compose(
            second ->
                mongo(vertx, second.settings())
                    .findOne("tours", new JsonObject().put("_id", "t1"), null)
                    .compose(
                        found ->
                            redis(vertx, second.settings())
                                .send(Request.cmd(Command.GET).arg("tour"))
                                .map(value -> Map.entry(found, value.toString())))
                    .eventually(() -> second.stop(vertx)))
        .onComplete(
            testContext.succeeding(
                found ->
                    testContext.verify(
                        () -> {
                          assertThat(found.getKey()).isEqualTo(tour);
                          assertThat(found.getValue()).isEqualTo("t1");
                          assertThat(dataDir.resolve("mongo/tourbook.mv")).exists();
                          assertThat(dataDir.resolve("redis")).isNotEmptyDirectory();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("fails, and stops what it started, when data.dir is in use by another node")
  void failsOnDataDirInUse(Vertx vertx, VertxTestContext testContext) {
    config(vertx, true)
        .compose(
            config ->
                BackingServices.start(vertx, config)
                    .compose(
                        first ->
                            BackingServices.start(vertx, config)
                                .transform(
                                    second ->
                                        mongoWritesAndReads(vertx, first.settings()).map(second))
                                .eventually(() -> first.stop(vertx))))
        .onComplete(
            testContext.succeeding(
                second ->
                    testContext.verify(
                        () -> {
                          assertThat(second.failed()).isTrue();
                          assertThat(second.cause()).hasMessageContaining("locked");
                          testContext.completeNow();
                        })));
  }

  private Future<JsonObject> config(Vertx vertx, boolean persistent) {
    return ConfigLoader.load(vertx, null, null, Map.of())
        .map(
            config -> {
              config.getJsonObject("embedded").put("persistent", persistent);
              config.getJsonObject("data").put("dir", dataDir.toString());
              return config;
            });
  }

  private static MongoClient mongo(Vertx vertx, BackingSettings settings) {
    return MongoClient.create(
        vertx,
        new JsonObject().put("connection_string", settings.mongoUri()).put("db_name", "probe"));
  }

  private static Redis redis(Vertx vertx, BackingSettings settings) {
    return Redis.createClient(vertx, settings.redisUrl());
  }

  private static Future<Void> mongoWritesAndReads(Vertx vertx, BackingSettings settings) {
    MongoClient mongo = mongo(vertx, settings);
    JsonObject probe = new JsonObject().put("_id", "p-" + System.nanoTime()).put("answer", 42);
    return mongo
        .runCommand("ping", new JsonObject().put("ping", 1))
        .compose(pong -> mongo.insert("probes", probe))
        .compose(
            id ->
                mongo.findOne("probes", new JsonObject().put("_id", probe.getString("_id")), null))
        .map(
            found -> {
              assertThat(found).isEqualTo(probe);
              return (Void) null;
            })
        .eventually(mongo::close);
  }

  private static Future<Void> redisAnswersPing(Vertx vertx, BackingSettings settings) {
    Redis redis = redis(vertx, settings);
    return redis
        .send(Request.cmd(Command.PING))
        .map(
            (Response pong) -> {
              assertThat(pong.toString()).isEqualTo("PONG");
              return (Void) null;
            })
        .eventually(redis::close);
  }

  /** Through ElasticMQ's SQS query API: CreateQueue, SendMessage, ReceiveMessage. */
  private static Future<Void> sqsSendsAndReceives(Vertx vertx, BackingSettings settings) {
    WebClient web = WebClient.create(vertx);
    String endpoint = settings.sqsEndpoint();
    return sqs(
            web,
            endpoint,
            MultiMap.caseInsensitiveMultiMap()
                .add("Action", "CreateQueue")
                .add("QueueName", "probe"))
        .compose(
            created -> {
              String queueUrl = first(QUEUE_URL, created);
              assertThat(queueUrl).startsWith(endpoint);
              return sqs(
                      web,
                      endpoint,
                      MultiMap.caseInsensitiveMultiMap()
                          .add("Action", "SendMessage")
                          .add("QueueUrl", queueUrl)
                          .add("MessageBody", "hello"))
                  .compose(
                      sent ->
                          sqs(
                              web,
                              endpoint,
                              MultiMap.caseInsensitiveMultiMap()
                                  .add("Action", "ReceiveMessage")
                                  .add("QueueUrl", queueUrl)
                                  .add("WaitTimeSeconds", "5")));
            })
        .map(
            received -> {
              assertThat(first(BODY, received)).isEqualTo("hello");
              return (Void) null;
            })
        .eventually(
            () -> {
              web.close();
              return Future.succeededFuture();
            });
  }

  private static Future<String> sqs(WebClient web, String endpoint, MultiMap form) {
    return web.postAbs(endpoint)
        .sendForm(form)
        .map(
            (HttpResponse<Buffer> response) -> {
              assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
              return response.bodyAsString();
            });
  }

  private static Future<Void> smtpReceives(Vertx vertx, BackingServices services) {
    BackingSettings settings = services.settings();
    GreenMail mail = services.embeddedMail().orElseThrow();
    return vertx.executeBlocking(
        () -> {
          GreenMailUtil.sendTextEmail(
              "customer@example.com",
              "tourbook@localhost",
              "Your tour is scheduled",
              "See you there",
              new ServerSetup(settings.smtpPort(), settings.smtpHost(), ServerSetup.PROTOCOL_SMTP));
          assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
          MimeMessage received = mail.getReceivedMessages()[0];
          assertThat(received.getSubject()).isEqualTo("Your tour is scheduled");
          return null;
        });
  }

  private static String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as(text).isTrue();
    return matcher.group(1);
  }
}
