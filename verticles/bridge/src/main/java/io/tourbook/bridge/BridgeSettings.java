package io.tourbook.bridge;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.events.Backoff;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code bridge.*}, {@code sqs.*}, {@code eventbridge.*} and {@code aws.*} configuration.
 *
 * @param routes where each stream's events go, one entry per stream of {@link Streams#ALL}
 * @param sqsEnabled whether the SQS sink runs at all
 * @param createQueues create the configured queues that are missing at start
 * @param eventBridgeEnabled whether the EventBridge sink runs at all
 * @param busName the EventBridge bus
 * @param batch batching and retry of each sink's calls
 * @param sqs the SQS client's endpoint and region
 * @param eventBridge the EventBridge client's endpoint and region
 * @param accessKeyId static credentials, or empty for the AWS default chain
 * @param secretAccessKey static credentials, or empty for the AWS default chain
 */
public record BridgeSettings(
    List<StreamRoute> routes,
    boolean sqsEnabled,
    boolean createQueues,
    boolean eventBridgeEnabled,
    String busName,
    BatchSettings batch,
    Endpoint sqs,
    Endpoint eventBridge,
    String accessKeyId,
    String secretAccessKey) {

  /** AWS's limit of entries per SendMessageBatch and per PutEvents call. */
  public static final int MAX_BATCH_ENTRIES = 10;

  /**
   * Where one stream's events go.
   *
   * @param sqsQueue the queue name, or empty for none; FIFO when it ends in {@code .fifo}
   * @param eventBridge whether the stream's events go to the bus
   */
  public record StreamRoute(StreamId stream, Optional<String> sqsQueue, boolean eventBridge) {}

  /** A client's endpoint override (empty: the regional AWS endpoint) and region. */
  public record Endpoint(Optional<URI> override, String region) {}

  /**
   * How a sink batches and retries.
   *
   * @param batchSize entries per call, at most {@link #MAX_BATCH_ENTRIES}
   * @param lingerMs how long a partial batch waits for more entries
   * @param maxCallsInFlight calls one sink has out at once
   * @param maxAttempts calls one entry may take before its event's delivery fails
   * @param backoff the wait between attempts
   */
  public record BatchSettings(
      int batchSize, long lingerMs, int maxCallsInFlight, int maxAttempts, Backoff backoff) {

    public BatchSettings {
      if (batchSize < 1 || batchSize > MAX_BATCH_ENTRIES) {
        throw new IllegalArgumentException(
            "bridge.batch-size must be 1.." + MAX_BATCH_ENTRIES + ", not " + batchSize);
      }
      if (maxAttempts < 1 || lingerMs < 0 || maxCallsInFlight < 1) {
        throw new IllegalArgumentException(
            "bridge.max-attempts and max-calls-in-flight must be >= 1, linger-ms >= 0");
      }
    }
  }

  public static BridgeSettings from(JsonObject config) {
    JsonObject bridge = section(config, "bridge");
    JsonObject streams = section(bridge, "streams");
    List<StreamRoute> routes = new ArrayList<>();
    for (StreamId stream : Streams.ALL) {
      JsonObject route = streams.getJsonObject(configKey(stream), new JsonObject());
      String queue = route.getString("sqs-queue", "").strip();
      routes.add(
          new StreamRoute(
              stream,
              queue.isEmpty() ? Optional.empty() : Optional.of(queue),
              route.getBoolean("eventbridge", false)));
    }
    JsonObject aws = section(config, "aws");
    return new BridgeSettings(
        List.copyOf(routes),
        section(bridge, "sqs").getBoolean("enabled", true),
        section(bridge, "sqs").getBoolean("create-queues", false),
        section(bridge, "eventbridge").getBoolean("enabled", false),
        section(bridge, "eventbridge").getString("bus-name", "tourbook-events"),
        new BatchSettings(
            bridge.getInteger("batch-size", MAX_BATCH_ENTRIES),
            bridge.getLong("linger-ms", 50L),
            bridge.getInteger("max-calls-in-flight", 8),
            bridge.getInteger("max-attempts", 8),
            new Backoff(
                bridge.getLong("backoff-initial-ms", 50L),
                bridge.getLong("backoff-max-ms", 2000L))),
        endpoint(section(config, "sqs")),
        endpoint(section(config, "eventbridge")),
        aws.getString("access-key-id", "").strip(),
        aws.getString("secret-access-key", "").strip());
  }

  /** {@code iam.accounts} is configured under {@code bridge.streams.iam-accounts}. */
  public static String configKey(StreamId stream) {
    return stream.service() + "-" + stream.collection();
  }

  public static boolean isFifo(String queueName) {
    return queueName.endsWith(".fifo");
  }

  private static Endpoint endpoint(JsonObject section) {
    String override = section.getString("endpoint", "").strip();
    return new Endpoint(
        override.isEmpty() ? Optional.empty() : Optional.of(URI.create(override)),
        section.getString("region", "us-east-1"));
  }

  private static JsonObject section(JsonObject parent, String name) {
    JsonObject section = parent.getJsonObject(name);
    return section != null ? section : new JsonObject();
  }
}
