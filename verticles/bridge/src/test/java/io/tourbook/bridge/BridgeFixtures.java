package io.tourbook.bridge;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Configuration and an SQS reader for the bridge's tests. */
public final class BridgeFixtures {

  private BridgeFixtures() {}

  /** A queue name no earlier test used, as the embedded ElasticMQ lives as long as the JVM. */
  public static String uniqueQueue(String stream, boolean fifo) {
    String name = "test-" + stream + "-" + UUID.randomUUID().toString().substring(0, 8);
    return fifo ? name + ".fifo" : name;
  }

  /**
   * {@code config} with the bridge sending only {@code stream} to {@code queue} (empty for none)
   * and to the bus when {@code eventBridge}; every other stream goes nowhere.
   */
  public static JsonObject bridgeOnly(
      JsonObject config, StreamId stream, String queue, boolean eventBridge) {
    JsonObject streams = new JsonObject();
    for (StreamId each : Streams.ALL) {
      boolean chosen = each.equals(stream);
      streams.put(
          BridgeSettings.configKey(each),
          new JsonObject()
              .put("sqs-queue", chosen ? queue : "")
              .put("eventbridge", chosen && eventBridge));
    }
    JsonObject bridge = config.getJsonObject("bridge");
    bridge.put("streams", streams);
    bridge.getJsonObject("sqs").put("enabled", !queue.isEmpty()).put("create-queues", true);
    bridge.getJsonObject("eventbridge").put("enabled", eventBridge);
    return config;
  }

  /** Credentials that ElasticMQ ignores and LocalStack accepts. */
  public static final String TEST_KEY = "test";

  public static SqsAsyncClient sqs(URI endpoint) {
    return SqsAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_KEY, TEST_KEY)))
        .build();
  }

  /** {@code config} pointed at an SQS endpoint with the test credentials. */
  public static JsonObject withSqs(JsonObject config, URI endpoint) {
    config.getJsonObject("sqs").put("endpoint", endpoint.toString());
    config.getJsonObject("aws").put("access-key-id", TEST_KEY).put("secret-access-key", TEST_KEY);
    return config;
  }

  /**
   * Reads and deletes messages until {@code expected} arrived or {@code timeoutSeconds} passed, in
   * the order the queue hands them out. Blocking.
   */
  public static List<Message> drain(
      SqsAsyncClient sqs, String queue, int expected, long timeoutSeconds) throws Exception {
    String url = sqs.getQueueUrl(r -> r.queueName(queue)).get(30, TimeUnit.SECONDS).queueUrl();
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (received.size() < expected && System.nanoTime() < deadline) {
      List<Message> batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .get(30, TimeUnit.SECONDS)
              .messages();
      if (batch.isEmpty()) {
        continue;
      }
      received.addAll(batch);
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        deletes.add(
            DeleteMessageBatchRequestEntry.builder()
                .id("d" + i)
                .receiptHandle(batch.get(i).receiptHandle())
                .build());
      }
      sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(deletes)).get(30, TimeUnit.SECONDS);
    }
    return received;
  }
}
