package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bridge.BridgeThroughputBenchmark;
import io.tourbook.platform.events.SubscriptionThroughputBenchmark;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
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

  private static BookingLoad.Result load(double offered, int scheduled, long... latencyMicros) {
    Latencies latency = new Latencies();
    for (long value : latencyMicros) {
      latency.recordMicros(value);
    }
    return new BookingLoad.Result(offered, 3, 3, 0, scheduled, offered * 0.9, latency);
  }

  private static JsonObject report() {
    JsonObject load = load(25, 3, 100_000, 200_000, 300_000).toJson().put("p50OverFloor", 12.0);
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
        .put(
            "http",
            new JsonObject()
                .put("endpoints", new JsonArray().add(endpoint))
                .put("getByIdOverRawDriver", 0.6)
                .put("searchOverRawDriver", 0.9))
        .put(
            "capacity",
            new Capacity.Search(4, List.of(load(4, 3, 500_000), load(8, 2, 900_000)))
                .toJson()
                .put("overload", load(32, 3, 2_000_000).toJson())
                .put("overloadGoodputRatio", 0.95))
        .put(
            "scaleOut",
            new JsonObject()
                .put("offeredPerSecond", 50.0)
                .put("oneNode", load)
                .put("twoNodes", load)
                .put("ratio", 1.0)
                .put("deliveryShareMin", 0.45))
        .put("calendarFill", calendarFill())
        .put("bridge", Report.bridge(new BridgeThroughputBenchmark.Result(5000, 400.0, 4000.0)))
        .put(
            "subscription",
            Report.subscription(new SubscriptionThroughputBenchmark.Result(3000, 600.0, 2000.0)));
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
  @DisplayName("the summary holds exactly the issue's nine keys, each a number from its section")
  void summaryShape() {
    JsonObject summary = Report.summary(report());

    assertThat(summary.fieldNames())
        .containsExactlyInAnyOrder(
            "floorP50Ms",
            "pipelineP50OverFloorAt25",
            "sustainedBookingsPerSecond",
            "overloadGoodputRatio",
            "getByIdOverRawDriver",
            "searchOverRawDriver",
            "subscriptionOverRawChangeStream",
            "bridgeOverRawSqs",
            "twoNodeDeliveryShareMin");
    assertThat(summary.getMap().values()).allMatch(Number.class::isInstance);
    assertThat(summary.getDouble("floorP50Ms")).isEqualTo(16.6);
    assertThat(summary.getDouble("pipelineP50OverFloorAt25")).isEqualTo(12.0);
    assertThat(summary.getDouble("sustainedBookingsPerSecond")).isEqualTo(4.0);
    assertThat(summary.getDouble("overloadGoodputRatio")).isEqualTo(0.95);
    assertThat(summary.getDouble("subscriptionOverRawChangeStream")).isEqualTo(0.3);
    assertThat(summary.getDouble("bridgeOverRawSqs")).isEqualTo(0.1);
    assertThat(summary.getDouble("twoNodeDeliveryShareMin")).isEqualTo(0.45);
  }

  @Test
  @DisplayName("the summary survives the JSON round trip as numbers and is printed and in the HTML")
  void summaryIsWrittenAndPrinted() {
    JsonObject report = report();
    report.put("summary", Report.summary(report));
    JsonObject written = new JsonObject(report.encode()).getJsonObject("summary");

    assertThat(written.getMap().values()).allMatch(Number.class::isInstance);
    assertThat(Report.figures(report))
        .contains("summary", "sustainedBookingsPerSecond", "4.00", "twoNodeDeliveryShareMin")
        .contains("durable subscription", "600 events/s vs raw change stream 2000/s, ratio 0.30")
        .contains("overload at 32/s offered");
    assertThat(Report.html(report)).contains("<h2>Summary</h2>", "getByIdOverRawDriver");
  }

  @Test
  @DisplayName("a ratio against a baseline that measured nothing is 0, never NaN or infinite")
  void ratioAgainstNothingIsZero() {
    assertThat(Report.ratio(5, 0)).isZero();
    assertThat(Report.ratio(0, 0)).isZero();
    assertThat(Report.ratio(3, 4)).isEqualTo(0.75);
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
