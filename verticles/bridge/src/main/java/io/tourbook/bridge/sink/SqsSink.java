package io.tourbook.bridge.sink;

import io.tourbook.bridge.BridgeSettings;
import io.tourbook.bridge.BridgeSettings.BatchSettings;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One SQS queue. The body is the envelope. On a FIFO queue the message group is the event's subject
 * (its order is kept per document) and the deduplication id is the event id, so a redelivered event
 * is dropped by SQS; on a standard queue the event id travels in the {@value #EVENT_ID} attribute
 * for consumers to deduplicate on.
 */
public final class SqsSink extends BatchingSink<SendMessageBatchRequestEntry> {

  public static final String EVENT_ID = "event-id";
  public static final String EVENT_TYPE = "event-type";

  /** SendMessageBatch's limit on the sum of its messages' sizes. */
  private static final int MAX_BATCH_BYTES = 256 * 1024;

  private final SqsAsyncClient client;
  private final String queueUrl;
  private final boolean fifo;

  public SqsSink(
      Vertx vertx,
      SqsAsyncClient client,
      String queueName,
      String queueUrl,
      BatchSettings settings) {
    super(vertx, "sqs", queueName, settings);
    this.client = client;
    this.queueUrl = queueUrl;
    this.fifo = BridgeSettings.isFifo(queueName);
  }

  @Override
  protected SendMessageBatchRequestEntry entry(EventEnvelope event, String entryId) {
    SendMessageBatchRequestEntry.Builder entry =
        SendMessageBatchRequestEntry.builder()
            .id(entryId)
            .messageBody(event.toJson().encode())
            .messageAttributes(Map.of(EVENT_ID, text(event.id()), EVENT_TYPE, text(event.type())));
    if (fifo) {
      entry.messageGroupId(event.subject()).messageDeduplicationId(event.id());
    }
    XRayTraceHeader.fromTraceparent(event.traceparent())
        .ifPresent(
            header ->
                entry.messageSystemAttributes(
                    Map.of(
                        MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder()
                            .dataType("String")
                            .stringValue(header)
                            .build())));
    return entry.build();
  }

  @Override
  protected int sizeOf(SendMessageBatchRequestEntry entry) {
    int size = utf8(entry.messageBody());
    for (Map.Entry<String, MessageAttributeValue> attribute :
        entry.messageAttributes().entrySet()) {
      size +=
          utf8(attribute.getKey())
              + utf8(attribute.getValue().dataType())
              + utf8(attribute.getValue().stringValue());
    }
    return size;
  }

  @Override
  protected int maxBatchBytes() {
    return MAX_BATCH_BYTES;
  }

  @Override
  protected Future<List<Outcome>> sendBatch(List<SendMessageBatchRequestEntry> entries) {
    return onContext(
            client.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries)))
        .map(response -> outcomes(entries, response));
  }

  private static List<Outcome> outcomes(
      List<SendMessageBatchRequestEntry> entries, SendMessageBatchResponse response) {
    Map<String, BatchResultErrorEntry> failed =
        response.failed().stream()
            .collect(Collectors.toMap(BatchResultErrorEntry::id, Function.identity()));
    Map<String, Boolean> succeeded = new HashMap<>();
    response.successful().forEach(entry -> succeeded.put(entry.id(), true));
    return entries.stream()
        .map(
            entry -> {
              BatchResultErrorEntry error = failed.get(entry.id());
              if (error != null) {
                String reason = error.code() + ": " + error.message();
                return Boolean.TRUE.equals(error.senderFault())
                    ? (Outcome) new Outcome.Rejected(reason)
                    : new Outcome.Retry(reason);
              }
              return succeeded.containsKey(entry.id())
                  ? new Outcome.Accepted()
                  : new Outcome.Retry("SQS returned no result for the entry");
            })
        .toList();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
