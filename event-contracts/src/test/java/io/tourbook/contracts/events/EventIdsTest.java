package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final String TOKEN = "{\"_data\": \"8263A1B2C3000000012B022C0100296E5A1004\"}";

  @Test
  @DisplayName("the same change gets the same 32-hex-character id on every delivery")
  void stable() {
    String id = EventIds.fromResumeToken(Streams.TOUR_TOURS, TOKEN);

    assertThat(id).matches("[0-9a-f]{32}");
    // Pinned: stored processed records and dead letters hold ids derived this way.
    assertThat(id).isEqualTo("da0a3938ed180678d78942434e5314bd");
    assertThat(EventIds.fromResumeToken(Streams.TOUR_TOURS, TOKEN)).isEqualTo(id);
  }

  @Test
  @DisplayName("different tokens or streams give different ids")
  void distinct() {
    String id = EventIds.fromResumeToken(Streams.TOUR_TOURS, TOKEN);

    assertThat(EventIds.fromResumeToken(Streams.TOUR_TOURS, TOKEN.replace("04", "05")))
        .isNotEqualTo(id);
    assertThat(EventIds.fromResumeToken(Streams.LISTING_LISTINGS, TOKEN)).isNotEqualTo(id);
  }
}
