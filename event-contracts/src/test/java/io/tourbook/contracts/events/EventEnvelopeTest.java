package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  @Test
  @DisplayName("toJson writes every CloudEvents attribute and extension")
  void toJsonWritesCloudEventsAttributes() {
    JsonObject json =
        SampleData.envelope(EventTypes.TOUR_CREATED, SampleData.forType(EventTypes.TOUR_CREATED))
            .toJson();

    assertThat(json.getString("specversion")).isEqualTo("1.0");
    assertThat(json.getString("id")).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(json.getString("source")).isEqualTo("/tourbook/tour");
    assertThat(json.getString("type")).isEqualTo("tour.created");
    assertThat(json.getString("subject")).isEqualTo("tour-1");
    assertThat(json.getString("time")).isEqualTo("2025-03-01T10:15:30.000Z");
    assertThat(json.getString("datacontenttype")).isEqualTo("application/json");
    assertThat(json.getString("operation")).isEqualTo("insert");
    assertThat(json.getString("stream")).isEqualTo("tour.tours");
    assertThat(json.getString("traceparent")).startsWith("00-");
    assertThat(json.getJsonObject("data").getString("_id")).isEqualTo("tour-1");
  }

  @Test
  @DisplayName("an envelope survives a JSON round trip, with and without traceparent")
  void roundTrip() {
    EventEnvelope traced =
        SampleData.envelope(
            EventTypes.LISTING_UPDATED, SampleData.forType(EventTypes.LISTING_UPDATED));
    EventEnvelope untraced =
        EventEnvelope.create(
            "id-2",
            Streams.LISTING_LISTINGS,
            EventTypes.LISTING_DELETED,
            "listing-1",
            Instant.parse("2025-03-01T10:15:30.123456Z"),
            "delete",
            new JsonObject().put("_id", "listing-1"),
            null);

    for (EventEnvelope envelope : new EventEnvelope[] {traced, untraced}) {
      JsonObject json = new JsonObject(envelope.toJson().encode());
      EventEnvelope read = EventEnvelope.fromJson(json);

      assertThat(read).isEqualTo(envelope);
      assertThat(read.toJson()).isEqualTo(json);
      assertThat(read.time()).isEqualTo(envelope.time());
      assertThat(read.stream()).isEqualTo(envelope.stream());
      assertThat(read.traceparent()).isEqualTo(envelope.traceparent());
    }
    assertThat(untraced.toJson().containsKey("traceparent")).isFalse();
  }

  @Test
  @DisplayName("create strips secrets from data and does not share the caller's object")
  void createStripsSecrets() {
    JsonObject account = SampleData.forType(EventTypes.IAM_ACCOUNT_CREATED);
    account.put("passwordHash", "$argon2id$v=19$...");

    EventEnvelope envelope =
        EventEnvelope.create(
            "id-1",
            Streams.IAM_ACCOUNTS,
            EventTypes.IAM_ACCOUNT_CREATED,
            "account-1",
            SampleData.AT,
            "insert",
            account,
            null);
    account.put("email", "changed@example.com");

    assertThat(envelope.data().containsKey("passwordHash")).isFalse();
    assertThat(envelope.toJson().encode()).doesNotContain("passwordHash", "argon2id");
    assertThat(envelope.data().getString("email")).isEqualTo("rita@example.com");
  }

  @Test
  @DisplayName("create rejects a type of another stream, an unknown type and an unknown operation")
  void createRejectsInconsistentAttributes() {
    JsonObject data = new JsonObject().put("_id", "x");

    assertThatThrownBy(
            () ->
                EventEnvelope.create(
                    "id",
                    Streams.LISTING_LISTINGS,
                    EventTypes.TOUR_CREATED,
                    "x",
                    SampleData.AT,
                    "insert",
                    data,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listing.listings");
    assertThatThrownBy(
            () ->
                EventEnvelope.create(
                    "id",
                    Streams.LISTING_LISTINGS,
                    "listing.sold",
                    "x",
                    SampleData.AT,
                    "insert",
                    data,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                EventEnvelope.create(
                    "id",
                    Streams.LISTING_LISTINGS,
                    EventTypes.LISTING_CREATED,
                    "x",
                    SampleData.AT,
                    "upsert",
                    data,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("fromJson rejects a missing id, missing data or a malformed time")
  void fromJsonRejectsMalformedEnvelopes() {
    JsonObject valid =
        SampleData.envelope(EventTypes.TOUR_CREATED, SampleData.forType(EventTypes.TOUR_CREATED))
            .toJson();

    assertThatThrownBy(() -> EventEnvelope.fromJson(valid.copy().put("id", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> EventEnvelope.fromJson(valid.copy().put("data", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data");
    assertThatThrownBy(() -> EventEnvelope.fromJson(valid.copy().put("time", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventEnvelope.fromJson(valid.copy().put("stream", "tour.trips")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
