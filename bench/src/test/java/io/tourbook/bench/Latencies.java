package io.tourbook.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Latencies of one measurement in microseconds (HdrHistogram, 3 significant digits). */
final class Latencies {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
  private static final int HISTOGRAM_BARS = 24;

  private final Histogram histogram = new Histogram(1, MAX_MICROS, 3);

  synchronized void recordNanos(long nanos) {
    recordMicros(TimeUnit.NANOSECONDS.toMicros(nanos));
  }

  synchronized void recordMicros(long micros) {
    histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, micros)));
  }

  synchronized long count() {
    return histogram.getTotalCount();
  }

  /** The percentile in milliseconds; 0 when nothing was recorded. */
  synchronized double millis(double percentile) {
    return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * {@code {count, p50, p95, p99, max, histogram: [{fromMs, toMs, count}]}} in milliseconds; the
   * histogram has equal-width bars from the minimum to the p99.9, the rest in the last bar.
   */
  synchronized JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("count", count())
            .put("p50", millis(50))
            .put("p95", millis(95))
            .put("p99", millis(99))
            .put("max", count() == 0 ? 0 : histogram.getMaxValue() / 1000.0);
    JsonArray bars = new JsonArray();
    if (count() > 0) {
      long low = histogram.getMinValue();
      long high = Math.max(low + HISTOGRAM_BARS, histogram.getValueAtPercentile(99.9));
      long width = (high - low + HISTOGRAM_BARS - 1) / HISTOGRAM_BARS;
      for (int i = 0; i < HISTOGRAM_BARS; i++) {
        long from = low + i * width;
        long to = i == HISTOGRAM_BARS - 1 ? histogram.getMaxValue() : from + width - 1;
        bars.add(
            new JsonObject()
                .put("fromMs", from / 1000.0)
                .put("toMs", (from + width) / 1000.0)
                .put("count", histogram.getCountBetweenValues(from, Math.max(from, to))));
      }
    }
    return json.put("histogram", bars);
  }
}
