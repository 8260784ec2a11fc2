package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bridge.BridgeThroughputBenchmark;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bench report")
class ReportTest {

  private static JsonObject latencies(long... micros) {
    Latencies latencies = new Latencies();
    for (long value : micros) {
      latencies.recordMicros(value);
    }
    return latencies.toJson();
  }

  private static JsonObject report() {
    JsonObject load =
        new JsonObject()
            .put("offeredPerSecond", 25.0)
            .put("sent", 3)
            .put("paid", 3)
            .put("scheduled", 3)
            .put("achievedPerSecond", 2.5)
            .put("p50OverFloor", 12.0)
            .put("latencyMs", latencies(100_000, 200_000, 300_000));
    JsonObject endpoint =
        new JsonObject()
            .put("name", "bare <Vert.x>")
            .put("requestsPerSecond", 1000.0)
            .put("ratioToBare", 1.0)
            .put("latencyMs", latencies(500, 700));
    return new JsonObject()
        .put(
            "pipeline",
            new JsonObject()
                .put("loads", new JsonArray().add(load))
                .put(
                    "floor",
                    new JsonObject()
                        .put("hops", 5)
                        .put("requestReplies", 8)
                        .put("p50Ms", 16.6)
                        .put("changeEventMs", latencies(2000))
                        .put("claimMs", latencies(300))
                        .put("requestReplyMs", latencies(200))))
        .put("http", new JsonObject().put("endpoints", new JsonArray().add(endpoint)))
        .put(
            "scaleOut",
            new JsonObject()
                .put("offeredPerSecond", 50.0)
                .put("oneNode", load)
                .put("twoNodes", load)
                .put("ratio", 1.0))
        .put("calendarFill", calendarFill())
        .put("bridge", Report.bridge(new BridgeThroughputBenchmark.Result(5000, 400.0, 4000.0)));
  }

  private static JsonObject calendarFill() {
    return new CalendarFill.Result(200, 10, 5, 142, 44, 14).toJson();
  }

  @Test
  @DisplayName("the HTML is self-contained: inline SVG charts, no script, no external resource")
  void htmlIsSelfContained() {
    String html = Report.html(report());

    assertThat(html).contains("<svg", "Throughput vs offered load", "Latency percentiles vs load");
    assertThat(html).doesNotContain("<script", "src=", "href=", "<Vert.x>");
  }

  @Test
  @DisplayName("the figures name every measurement, the bridge's ratio included")
  void figuresListEveryMeasurement() {
    String figures = Report.figures(report());

    assertThat(figures)
        .contains("floor p50 (5 change events + claim + 8 request/replies)", "16.60 ms")
        .contains("HTTP bare <Vert.x>", "1000 req/s")
        .contains("scale-out at 50/s offered")
        .contains(
            "calendar fill (200 requests, 10 realtors, 5 business days): at a requested time 71%,"
                + " at another time 22%, waiting 7%")
        .contains("400 events/s vs raw SendMessageBatch 4000/s, ratio 0.10");
  }

  @Test
  @DisplayName("a calendar fill that did not drain by its deadline says how many were not placed")
  void calendarFillNotDrained() {
    JsonObject report =
        new JsonObject()
            .put("calendarFill", new CalendarFill.Result(400, 10, 5, 284, 8, 8).toJson());

    assertThat(Report.figures(report))
        .contains(
            "at a requested time 71%, at another time 2%, waiting 2%,"
                + " not through the pipeline by the deadline 25%");
  }

  @Test
  @DisplayName("a report of the calendar fill alone (bench.only) has its figure and its chart")
  void calendarFillAlone() {
    JsonObject report = new JsonObject().put("calendarFill", calendarFill());

    assertThat(Report.figures(report))
        .isEqualTo(
            "calendar fill (200 requests, 10 realtors, 5 business days): at a requested time 71%,"
                + " at another time 22%, waiting 7%"
                + System.lineSeparator());
    assertThat(Report.html(report))
        .contains("Calendar fill", "at a requested time")
        .doesNotContain("Booking pipeline", "Scale-out");
  }

  @Test
  @DisplayName("latency percentiles come from the recorded values, in milliseconds")
  void latencyPercentiles() {
    JsonObject json = latencies(1_000, 2_000, 3_000, 4_000, 100_000);

    assertThat(json.getLong("count")).isEqualTo(5);
    assertThat(json.getDouble("p50")).isBetween(2.99, 3.01);
    assertThat(json.getDouble("p99")).isBetween(99.9, 100.1);
    assertThat(
            json.getJsonArray("histogram").stream()
                .mapToLong(bar -> ((JsonObject) bar).getLong("count"))
                .sum())
        .isGreaterThanOrEqualTo(5);
  }
}
