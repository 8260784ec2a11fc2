package io.tourbook.lambda.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pipe enricher")
class PipeEnricherTest {

  private static final String XRAY =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  private static PipeEnricher enricher;

  @BeforeAll
  static void loadSchemas() {
    enricher = new PipeEnricher(EventSchemas.load());
  }

  private static JsonObject envelope(String id, String subject, String traceparent) {
    return EventEnvelope.create(
            id,
            Streams.LISTING_LISTINGS,
            EventTypes.LISTING_DELETED,
            subject,
            Instant.parse("2026-11-24T10:00:00Z"),
            "delete",
            new JsonObject().put("_id", subject),
            traceparent)
        .toJson();
  }

  private static JsonObject record(String messageId, Object body, String traceHeader) {
    JsonObject attributes =
        new JsonObject()
            .put("SequenceNumber", "18849496460467696128")
            .put("MessageGroupId", "listing-1");
    if (traceHeader != null) {
      attributes.put("AWSTraceHeader", traceHeader);
    }
    return new JsonObject()
        .put("messageId", messageId)
        .put("body", body)
        .put("attributes", attributes)
        .put("eventSource", "aws:sqs");
  }

  @Test
  @DisplayName(
      "Answers records of the same shape, the body enriched with partition, sequence and trace")
  void enrichesValidEnvelopes() {
    JsonArray result =
        enricher.enrich(
            new JsonArray().add(record("m-1", envelope("e-1", "listing-1", null).encode(), XRAY)));

    assertThat(result).hasSize(1);
    JsonObject out = result.getJsonObject(0);
    assertThat(out.getString("messageId")).isEqualTo("m-1");
    assertThat(out.getJsonObject("attributes").getString("MessageGroupId")).isEqualTo("listing-1");
    JsonObject body = out.getJsonObject("body");
    assertThat(body.getString("type")).isEqualTo("listing.deleted");
    assertThat(body.getString("partitionkey")).isEqualTo("listing-1");
    assertThat(body.getString("sequence")).isEqualTo("18849496460467696128");
    assertThat(body.getString("traceparent"))
        .isEqualTo("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
  }

  @Test
  @DisplayName("Keeps the producer's traceparent over the SQS trace header")
  void keepsProducerTrace() {
    String producer = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    JsonArray result =
        enricher.enrich(
            new JsonArray()
                .add(record("m-1", envelope("e-1", "listing-1", producer).encode(), XRAY)));

    assertThat(result.getJsonObject(0).getJsonObject("body").getString("traceparent"))
        .isEqualTo(producer);
  }

  @Test
  @DisplayName("Accepts a body the pipe already parsed into an object")
  void acceptsParsedBody() {
    JsonArray result =
        enricher.enrich(
            new JsonArray().add(record("m-1", envelope("e-1", "listing-1", null), null)));

    JsonObject body = result.getJsonObject(0).getJsonObject("body");
    assertThat(body.getString("id")).isEqualTo("e-1");
    assertThat(body.containsKey("traceparent")).isFalse();
  }

  @Test
  @DisplayName("Fails the whole batch, naming each bad message, when an envelope is invalid")
  void failsBatchWithInvalidEnvelope() {
    JsonObject wrongSource = envelope("e-2", "listing-2", null).put("source", "/tourbook/iam");
    JsonArray batch =
        new JsonArray()
            .add(record("m-1", envelope("e-1", "listing-1", null).encode(), null))
            .add(record("m-2", wrongSource.encode(), null))
            .add(record("m-3", "not json", null));

    assertThatThrownBy(() -> enricher.enrich(batch))
        .isInstanceOfSatisfying(
            InvalidEventsException.class,
            e -> {
              assertThat(e.problems()).hasSize(2);
              assertThat(e.problems().get(0)).startsWith("m-2: ").contains("source");
              assertThat(e.problems().get(1)).isEqualTo("m-3: body is not a JSON object");
            });
  }

  @Test
  @DisplayName("Derives traceparent from X-Ray headers only when root and parent are there")
  void xrayConversion() {
    assertThat(XRayTrace.toTraceparent("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"))
        .isEmpty();
    assertThat(XRayTrace.toTraceparent(null)).isEmpty();
    assertThat(
            XRayTrace.toTraceparent(
                "Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=0"))
        .contains("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00");
  }
}
