package io.tourbook.platform.events;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.ProcessedRecords;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Partitions moving between two clustered nodes, one of them a JVM of its own that is killed: the
 * effects live in MongoDB, so what each node did outlives it.
 */
@DisplayName("Partitioned dispatch across nodes")
class PartitionHandoverTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int SUBJECTS = 40;
  private static final int WRITES = 10;

  /** The killed nodes' logs, kept for a failed run. */
  private final Path logs = Path.of("target", "handover-logs");

  private JsonObject config;
  private Vertx vertx;
  private DurableEvents events;
  private MongoClient listings;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    config = EventFixtures.twoNodeClusterConfig("handover", 17701);
    vertx = await(NodeVertx.create(config, true));
    events = await(DurableEvents.create(vertx, config, HealthChecks.create(vertx)));
    listings = EventFixtures.listingDatabase(vertx, config);
  }

  @AfterEach
  void tearDown() throws Exception {
    children.forEach(Process::destroyForcibly);
    await(events.close().otherwiseEmpty());
    await(vertx.close().otherwiseEmpty());
  }

  @Test
  @DisplayName(
      "A joining node takes its share; killed (kill -9) mid-stream, its partitions move to the survivor: nothing lost, nothing out of order per subject")
  void killedNodesPartitionsMoveToTheSurvivor() throws Exception {
    Subscription subscription = EventFixtures.listingSubscription("handover");
    OrderedEffects effects = new OrderedEffects(vertx, config, "survivor");
    await(
        vertx.deployVerticle(
            new EventFixtures.GroupVerticle(events, subscription, effects::apply)));
    awaitOwned(subscription, 8);

    Process joiner = startNode("handover", "joiner", 0);
    awaitOwned(subscription, 4);

    Future<Void> writes = EventFixtures.writeSubjects(listings, SUBJECTS, WRITES);
    Eventually.until("the joiner applied some events", TIMEOUT, () -> appliedBy("joiner") >= 40);
    joiner.destroyForcibly().waitFor();
    await(writes);

    awaitEveryEventApplied();
    awaitOwned(subscription, 8);
    assertThat(appliedBy("survivor")).isPositive();
  }

  @Test
  @DisplayName(
      "A node that dies while handling an event, with processed records of other events still unwritten, loses none and applies none twice")
  void crashMidBatchLosesNothing() throws Exception {
    Subscription subscription = EventFixtures.listingSubscription("crashing");
    Process crashing = startNode("crashing", "crashing", 150);
    Future<Void> writes = EventFixtures.writeSubjectsSideBySide(listings, SUBJECTS, WRITES);
    assertThat(crashing.waitFor()).as("the node halted itself mid-run").isEqualTo(137);
    assertThat(appliedBy("crashing"))
        .as("deliveries handled before the crash")
        .isGreaterThanOrEqualTo(150);
    long marked =
        await(
            ProcessedRecords.count(TestNode.database(vertx, config, "crashing"), new JsonObject()));

    OrderedEffects effects = new OrderedEffects(vertx, config, "restarted");
    java.util.concurrent.atomic.AtomicInteger handled =
        new java.util.concurrent.atomic.AtomicInteger();
    await(
        vertx.deployVerticle(
            new EventFixtures.GroupVerticle(
                events,
                subscription,
                event -> {
                  handled.incrementAndGet();
                  return effects.apply(event);
                })));
    await(writes);

    awaitEveryEventApplied();
    assertThat(handled.get())
        .as("events recorded as processed before the crash are not handled again")
        .isLessThanOrEqualTo(SUBJECTS * WRITES - (int) marked);
  }

  /**
   * Waits until every event of every subject was delivered, then checks that each subject's
   * deliveries came in order.
   */
  private void awaitEveryEventApplied() throws Exception {
    Eventually.until(
        "every event delivered",
        TIMEOUT,
        () -> {
          Map<String, JsonObject> effects = effects();
          return effects.size() == SUBJECTS
              && effects.values().stream()
                  .allMatch(
                      effect ->
                          effect.getJsonArray("ids").size() == WRITES
                              && effect.getInteger("last") == WRITES - 1);
        });
    effects()
        .forEach(
            (subject, effect) -> assertThat(OrderedEffects.seqs(effect)).as(subject).isSorted());
  }

  private Map<String, JsonObject> effects() {
    try {
      return await(OrderedEffects.read(listings));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long appliedBy(String node) {
    return OrderedEffects.handledBy(effects(), node);
  }

  /** Waits until this node owns exactly {@code count} of the subscription's partitions. */
  private void awaitOwned(Subscription subscription, int count) throws Exception {
    Eventually.until(
        "this node owns " + count + " partitions of " + subscription.id(),
        TIMEOUT,
        () -> {
          try {
            for (Object status : await(events.subscriptions())) {
              JsonObject json = (JsonObject) status;
              if (json.getString("subscription").equals(subscription.id())) {
                JsonObject local = json.getJsonObject("local");
                return local != null && local.getJsonArray("partitions").size() == count;
              }
            }
            return false;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private Process startNode(String group, String name, int haltAfter) throws Exception {
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = logs.resolve(name + ".log").toFile();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                HandoverNode.class.getName(),
                config.encode(),
                group,
                name,
                Integer.toString(haltAfter))
            .redirectErrorStream(true)
            .redirectOutput(log)
            .start();
    children.add(process);
    Eventually.until(
        name + " dispatching",
        TIMEOUT,
        () -> {
          try {
            return Files.readString(log.toPath()).contains("dispatching " + group)
                || !process.isAlive();
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
    return process;
  }
}
