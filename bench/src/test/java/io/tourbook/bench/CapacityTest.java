package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Capacity search")
class CapacityTest {

  /** What a pipeline that keeps up to {@code capacity} checkouts/s and no more would answer. */
  private static BookingLoad.Result pipeline(double rate, double capacity) {
    Latencies latency = new Latencies();
    int sent = Capacity.tours(rate, Duration.ofSeconds(4));
    int scheduled = rate <= capacity ? sent : sent / 2;
    for (int i = 0; i < scheduled; i++) {
      latency.recordMicros(rate <= capacity ? 400_000 : 5_000_000);
    }
    return new BookingLoad.Result(rate, sent, sent, 0, scheduled, rate, latency);
  }

  @Test
  @DisplayName("doubles while sustained, then bisects between the last sustained and the first not")
  void doublesThenBisects() {
    Capacity.Search search = Capacity.search(rate -> pipeline(rate, 13), 2, 256, 3);

    assertThat(search.probes())
        .extracting(BookingLoad.Result::offeredPerSecond)
        .containsExactly(2.0, 4.0, 8.0, 16.0, 12.0, 14.0, 13.0);
    assertThat(search.sustainedPerSecond()).isEqualTo(13.0);
  }

  @Test
  @DisplayName("a pipeline that keeps up with nothing sustains 0, bisecting below the start")
  void nothingSustained() {
    Capacity.Search search = Capacity.search(rate -> pipeline(rate, 0.1), 2, 256, 2);

    assertThat(search.probes())
        .extracting(BookingLoad.Result::offeredPerSecond)
        .containsExactly(2.0, 1.0, 0.5);
    assertThat(search.sustainedPerSecond()).isZero();
  }

  @Test
  @DisplayName("a tour left unscheduled fails the probe, whatever the latency of the others")
  void unscheduledTourFailsTheProbe() {
    Latencies fast = new Latencies();
    fast.recordMicros(100_000);

    assertThat(Capacity.sustained(new BookingLoad.Result(2, 2, 2, 0, 1, 1, fast))).isFalse();
    assertThat(Capacity.sustained(new BookingLoad.Result(2, 2, 1, 1, 1, 1, fast))).isFalse();
  }
}
