package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamsTest {

  @Test
  @DisplayName("a stream is named <database>.<collection> and sourced /tourbook/<service>")
  void namesAndSources() {
    assertThat(Streams.IAM_ACCOUNTS.name()).isEqualTo("iam.accounts");
    assertThat(Streams.IAM_ACCOUNTS.database()).isEqualTo("iam");
    assertThat(Streams.IAM_ACCOUNTS.source()).isEqualTo("/tourbook/iam");
    assertThat(Streams.SCHEDULING_SCHEDULES.name()).isEqualTo("scheduling.schedules");
    assertThat(Streams.ALL).extracting(StreamId::name).doesNotHaveDuplicates().hasSize(6);
  }

  @Test
  @DisplayName("parse finds known streams and rejects others")
  void parse() {
    for (StreamId stream : Streams.ALL) {
      assertThat(StreamId.parse(stream.name())).isSameAs(stream);
    }
    assertThatThrownBy(() -> StreamId.parse("cart.carts"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("every type belongs to one stream, and each stream has types")
  void typesBelongToStreams() {
    assertThat(EventTypes.all()).hasSize(22);
    assertThat(EventTypes.streamOf(EventTypes.PAYMENT_REFUNDED))
        .isEqualTo(Streams.PAYMENT_PAYMENTS);
    assertThat(EventTypes.streamOf(EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED))
        .isEqualTo(Streams.IAM_ACCOUNTS);
    assertThat(EventTypes.streamOf(EventTypes.SCHEDULE_COMPLETED))
        .isEqualTo(Streams.SCHEDULING_SCHEDULES);
    assertThat(EventTypes.TOUR_RESCHEDULE_REQUESTED).isEqualTo("tour.reschedule-requested");
    for (StreamId stream : Streams.ALL) {
      assertThat(EventTypes.typesOf(stream)).isNotEmpty();
    }
    assertThatThrownBy(() -> EventTypes.streamOf("tour.teleported"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
