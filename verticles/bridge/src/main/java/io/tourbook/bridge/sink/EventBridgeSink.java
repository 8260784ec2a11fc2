package io.tourbook.bridge.sink;

import io.tourbook.bridge.BridgeSettings.BatchSettings;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The EventBridge bus: {@code Source} is {@code tourbook.<service>}, {@code DetailType} the event
 * type and {@code Detail} the envelope. PutEvents answers per entry, in request order; entries that
 * failed for throttling or an internal error are retried, others are refused for good.
 */
public final class EventBridgeSink extends BatchingSink<PutEventsRequestEntry> {

  /** PutEvents' limit on the sum of its entries' sizes. */
  private static final int MAX_BATCH_BYTES = 256 * 1024;

  /** What AWS counts for an entry's Time, whether it is set or not. */
  private static final int TIME_BYTES = 14;

  private static final Set<String> RETRYABLE_ERRORS =
      Set.of("ThrottlingException", "InternalFailure", "InternalException", "ServiceUnavailable");

  private final EventBridgeAsyncClient client;
  private final String busName;

  public EventBridgeSink(
      Vertx vertx, EventBridgeAsyncClient client, String busName, BatchSettings settings) {
    super(vertx, "eventbridge", busName, settings);
    this.client = client;
    this.busName = busName;
  }

  /** The {@code Source} of a service's events, e.g. {@code tourbook.listing}. */
  public static String source(EventEnvelope event) {
    return "tourbook." + event.stream().service();
  }

  @Override
  protected PutEventsRequestEntry entry(EventEnvelope event, String entryId) {
    PutEventsRequestEntry.Builder entry =
        PutEventsRequestEntry.builder()
            .eventBusName(busName)
            .source(source(event))
            .detailType(event.type())
            .detail(event.toJson().encode())
            .time(event.time());
    XRayTraceHeader.fromTraceparent(event.traceparent()).ifPresent(entry::traceHeader);
    return entry.build();
  }

  @Override
  protected int sizeOf(PutEventsRequestEntry entry) {
    return TIME_BYTES + utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
  }

  @Override
  protected int maxBatchBytes() {
    return MAX_BATCH_BYTES;
  }

  @Override
  protected Future<List<Outcome>> sendBatch(List<PutEventsRequestEntry> entries) {
    return onContext(client.putEvents(request -> request.entries(entries)))
        .map(response -> outcomes(entries.size(), response));
  }

  private static List<Outcome> outcomes(int sent, PutEventsResponse response) {
    List<PutEventsResultEntry> results = response.entries();
    List<Outcome> outcomes = new ArrayList<>(sent);
    for (int i = 0; i < sent; i++) {
      PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
      if (result == null) {
        outcomes.add(new Outcome.Retry("EventBridge returned no result for the entry"));
      } else if (result.errorCode() == null) {
        outcomes.add(new Outcome.Accepted());
      } else {
        String reason = result.errorCode() + ": " + result.errorMessage();
        outcomes.add(
            RETRYABLE_ERRORS.contains(result.errorCode())
                ? new Outcome.Retry(reason)
                : new Outcome.Rejected(reason));
      }
    }
    return outcomes;
  }
}
