package io.tourbook.bench;

import io.tourbook.bridge.BridgeThroughputBenchmark;
import io.tourbook.platform.events.SubscriptionThroughputBenchmark;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench report: one JSON document (sections {@code pipeline}, {@code http}, {@code capacity},
 * {@code scaleOut}, {@code calendarFill}, {@code bridge}, {@code subscription}, and the {@code
 * summary} of a full run; a run with {@code bench.only} holds only its own section), rendered as
 * report.json, as a self-contained report.html with inline SVG charts, and as a text table of
 * figures.
 */
final class Report {

  private static final String[] COLORS = {"#4878a8", "#e07b39", "#3a9e5c", "#c0392b"};

  /** The keys of the summary, each a number measured in the run, in the order they print. */
  static final List<String> SUMMARY_KEYS =
      List.of(
          "floorP50Ms",
          "pipelineP50OverFloorAt25",
          "sustainedBookingsPerSecond",
          "overloadGoodputRatio",
          "getByIdOverRawDriver",
          "searchOverRawDriver",
          "subscriptionOverRawChangeStream",
          "bridgeOverRawSqs",
          "twoNodeDeliveryShareMin");

  private static final double SUMMARY_LOAD = 25;

  private Report() {}

  /** {@code measured / baseline}, or 0 when the baseline measured nothing. */
  static double ratio(double measured, double baseline) {
    return baseline > 0 ? measured / baseline : 0;
  }

  /**
   * The summary of a full run ({@link #SUMMARY_KEYS}), each figure read from the section that
   * measured it.
   */
  static JsonObject summary(JsonObject report) {
    JsonObject pipeline = report.getJsonObject("pipeline");
    JsonObject atSummaryLoad =
        objects(pipeline.getJsonArray("loads")).stream()
            .filter(load -> load.getDouble("offeredPerSecond") == SUMMARY_LOAD)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No pipeline load at " + SUMMARY_LOAD));
    JsonObject capacity = report.getJsonObject("capacity");
    JsonObject http = report.getJsonObject("http");
    return new JsonObject()
        .put("floorP50Ms", pipeline.getJsonObject("floor").getDouble("p50Ms"))
        .put("pipelineP50OverFloorAt25", atSummaryLoad.getDouble("p50OverFloor"))
        .put("sustainedBookingsPerSecond", capacity.getDouble("sustainedPerSecond"))
        .put("overloadGoodputRatio", capacity.getDouble("overloadGoodputRatio"))
        .put("getByIdOverRawDriver", http.getDouble("getByIdOverRawDriver"))
        .put("searchOverRawDriver", http.getDouble("searchOverRawDriver"))
        .put(
            "subscriptionOverRawChangeStream",
            report.getJsonObject("subscription").getDouble("ratio"))
        .put("bridgeOverRawSqs", report.getJsonObject("bridge").getDouble("ratio"))
        .put(
            "twoNodeDeliveryShareMin",
            report.getJsonObject("scaleOut").getDouble("deliveryShareMin"));
  }

  /**
   * The subscription section: events/s through one durable subscription against the raw
   * change-stream read rate of the same backlog in the same run.
   */
  static JsonObject subscription(SubscriptionThroughputBenchmark.Result result) {
    return new JsonObject()
        .put("events", result.events())
        .put("eventsPerSecond", result.subscriptionPerSecond())
        .put("rawChangeStreamEventsPerSecond", result.rawPerSecond())
        .put("ratio", ratio(result.subscriptionPerSecond(), result.rawPerSecond()));
  }

  /**
   * The bridge section: events/s forwarded to ElasticMQ against raw SendMessageBatch calls to the
   * same ElasticMQ in the same run.
   */
  static JsonObject bridge(BridgeThroughputBenchmark.Result result) {
    return new JsonObject()
        .put("events", result.events())
        .put("eventsPerSecond", result.bridgePerSecond())
        .put("rawSendMessageBatchEventsPerSecond", result.rawPerSecond())
        .put("ratio", ratio(result.bridgePerSecond(), result.rawPerSecond()));
  }

  static void write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), report.encodePrettily());
    Files.writeString(dir.resolve("report.html"), html(report));
  }

  /**
   * The figures of the sections the report holds, one line each, as printed at the end of a run and
   * quoted in the README.
   */
  static String figures(JsonObject report) {
    StringBuilder text = new StringBuilder();
    if (report.containsKey("pipeline")) {
      pipelineFigures(report.getJsonObject("pipeline"), text);
    }
    if (report.containsKey("http")) {
      for (JsonObject endpoint : objects(report.getJsonObject("http").getJsonArray("endpoints"))) {
        JsonObject latency = endpoint.getJsonObject("latencyMs");
        text.append(
            line(
                "HTTP " + endpoint.getString("name"),
                "%.0f req/s (%.2f of bare), p50 %.2f / p95 %.2f / p99 %.2f ms",
                endpoint.getDouble("requestsPerSecond"),
                endpoint.getDouble("ratioToBare"),
                latency.getDouble("p50"),
                latency.getDouble("p95"),
                latency.getDouble("p99")));
      }
    }
    if (report.containsKey("capacity")) {
      capacityFigures(report.getJsonObject("capacity"), text);
    }
    if (report.containsKey("scaleOut")) {
      JsonObject scaleOut = report.getJsonObject("scaleOut");
      text.append(
          line(
              "scale-out at " + Svg.fmt(scaleOut.getDouble("offeredPerSecond")) + "/s offered",
              "1 node %.1f/s, 2 nodes %.1f/s, ratio %.2f; smaller node's share of deliveries %.2f",
              scaleOut.getJsonObject("oneNode").getDouble("achievedPerSecond"),
              scaleOut.getJsonObject("twoNodes").getDouble("achievedPerSecond"),
              scaleOut.getDouble("ratio"),
              scaleOut.getDouble("deliveryShareMin")));
    }
    if (report.containsKey("calendarFill")) {
      JsonObject fill = report.getJsonObject("calendarFill");
      double requests = Math.max(1, fill.getInteger("requests"));
      text.append(
          String.format(
              Locale.ROOT,
              "calendar fill (%d requests, %d realtors, %d business days): at a requested time"
                  + " %.0f%%, at another time %.0f%%, waiting %.0f%%",
              fill.getInteger("requests"),
              fill.getInteger("realtors"),
              fill.getInteger("businessDays"),
              100 * fill.getInteger("atRequestedTime") / requests,
              100 * fill.getInteger("atOtherTime") / requests,
              100 * fill.getInteger("waiting") / requests));
      if (fill.getInteger("notPlaced") > 0) {
        text.append(
            String.format(
                Locale.ROOT,
                ", not through the pipeline by the deadline %.0f%%",
                100 * fill.getInteger("notPlaced") / requests));
      }
      text.append(System.lineSeparator());
    }
    if (report.containsKey("bridge")) {
      JsonObject bridge = report.getJsonObject("bridge");
      text.append(
          line(
              "bridge",
              "%.0f events/s vs raw SendMessageBatch %.0f/s, ratio %.2f",
              bridge.getDouble("eventsPerSecond"),
              bridge.getDouble("rawSendMessageBatchEventsPerSecond"),
              bridge.getDouble("ratio")));
    }
    if (report.containsKey("subscription")) {
      JsonObject subscription = report.getJsonObject("subscription");
      text.append(
          line(
              "durable subscription",
              "%.0f events/s vs raw change stream %.0f/s, ratio %.2f",
              subscription.getDouble("eventsPerSecond"),
              subscription.getDouble("rawChangeStreamEventsPerSecond"),
              subscription.getDouble("ratio")));
    }
    if (report.containsKey("summary")) {
      JsonObject summary = report.getJsonObject("summary");
      text.append(System.lineSeparator()).append("summary").append(System.lineSeparator());
      for (String key : SUMMARY_KEYS) {
        text.append(line("  " + key, "%.2f", summary.getDouble(key)));
      }
    }
    return text.toString();
  }

  private static void capacityFigures(JsonObject capacity, StringBuilder text) {
    StringBuilder probes = new StringBuilder();
    for (JsonObject probe : objects(capacity.getJsonArray("probes"))) {
      probes.append(
          String.format(
              Locale.ROOT,
              " %s%s",
              Svg.fmt(probe.getDouble("offeredPerSecond")),
              probe.getBoolean("sustained") ? "+" : "-"));
    }
    text.append(
        line(
            "sustained (all SCHEDULED, p99 < " + Svg.fmt(capacity.getDouble("p99BoundMs")) + " ms)",
            "%.1f/s; probes (+ sustained):%s",
            capacity.getDouble("sustainedPerSecond"),
            probes));
    if (capacity.containsKey("overload")) {
      JsonObject overload = capacity.getJsonObject("overload");
      text.append(
          line(
              "overload at " + Svg.fmt(overload.getDouble("offeredPerSecond")) + "/s offered",
              "%.1f/s scheduled (goodput ratio %.2f), %d answered 429, %d of %d scheduled",
              overload.getDouble("achievedPerSecond"),
              capacity.getDouble("overloadGoodputRatio"),
              overload.getInteger("rejected"),
              overload.getInteger("scheduled"),
              overload.getInteger("sent")));
    }
  }

  private static void pipelineFigures(JsonObject pipeline, StringBuilder text) {
    JsonObject floor = pipeline.getJsonObject("floor");
    text.append(
        line(
            String.format(
                Locale.ROOT,
                "floor p50 (%d change events + claim + %d request/replies)",
                floor.getInteger("hops"),
                floor.getInteger("requestReplies")),
            "%.2f ms",
            floor.getDouble("p50Ms")));
    text.append(
        line(
            "  change event p50 / claim p50 / request-reply p50",
            "%.2f / %.2f / %.2f ms",
            floor.getJsonObject("changeEventMs").getDouble("p50"),
            floor.getJsonObject("claimMs").getDouble("p50"),
            floor.getJsonObject("requestReplyMs").getDouble("p50")));
    text.append(
        String.format(
            Locale.ROOT,
            "%-10s %9s %9s %9s %9s %9s %9s %12s%n",
            "offered/s",
            "achieved",
            "scheduled",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "sent",
            "p50 / floor"));
    for (JsonObject load : objects(pipeline.getJsonArray("loads"))) {
      JsonObject latency = load.getJsonObject("latencyMs");
      text.append(
          String.format(
              Locale.ROOT,
              "%-10.0f %9.1f %9d %9.0f %9.0f %9.0f %9d %12.1f%n",
              load.getDouble("offeredPerSecond"),
              load.getDouble("achievedPerSecond"),
              load.getInteger("scheduled"),
              latency.getDouble("p50"),
              latency.getDouble("p95"),
              latency.getDouble("p99"),
              load.getInteger("sent"),
              load.getDouble("p50OverFloor")));
    }
  }

  private static String line(String name, String format, Object... values) {
    return String.format(
        Locale.ROOT, "%-52s %s%n", name, String.format(Locale.ROOT, format, values));
  }

  static String html(JsonObject report) {
    StringBuilder html =
        new StringBuilder(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>tourbook bench</title>"
                + "<style>body{font-family:sans-serif;max-width:1200px;margin:24px auto;color:#222}"
                + "section{display:flex;flex-wrap:wrap;gap:16px}pre{background:#f4f4f4;padding:12px}"
                + "</style></head><body><h1>tourbook bench</h1>");
    html.append("<p>")
        .append(Svg.escape(report.getJsonObject("machine", new JsonObject()).encode()))
        .append("</p><h2>Figures</h2><pre>")
        .append(Svg.escape(figures(report)))
        .append("</pre>");
    if (report.containsKey("summary")) {
      JsonObject summary = report.getJsonObject("summary");
      html.append("<h2>Summary</h2><table>");
      for (String key : SUMMARY_KEYS) {
        html.append("<tr><td>")
            .append(key)
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.2f", summary.getDouble(key)))
            .append("</td></tr>");
      }
      html.append("</table>");
    }
    if (report.containsKey("pipeline")) {
      pipelineHtml(report.getJsonObject("pipeline"), html);
    }
    if (report.containsKey("http")) {
      html.append("<h2>HTTP</h2><section>");
      List<Svg.Bar> rates = new ArrayList<>();
      for (JsonObject endpoint : objects(report.getJsonObject("http").getJsonArray("endpoints"))) {
        rates.add(new Svg.Bar(endpoint.getString("name"), endpoint.getDouble("requestsPerSecond")));
        html.append(
            histogram("HTTP " + endpoint.getString("name"), endpoint.getJsonObject("latencyMs")));
      }
      html.append(Svg.barChart("Requests per second", "endpoint", "req/s", rates))
          .append("</section>");
    }
    if (report.containsKey("capacity")) {
      List<Svg.Bar> probes = new ArrayList<>();
      for (JsonObject probe : objects(report.getJsonObject("capacity").getJsonArray("probes"))) {
        probes.add(
            new Svg.Bar(
                Svg.fmt(probe.getDouble("offeredPerSecond")) + "/s",
                probe.getDouble("achievedPerSecond")));
      }
      html.append("<h2>Capacity</h2><section>")
          .append(
              Svg.barChart(
                  "Capacity probes, in the order they ran", "offered", "scheduled tours/s", probes))
          .append("</section>");
    }
    if (report.containsKey("scaleOut")) {
      JsonObject scaleOut = report.getJsonObject("scaleOut");
      html.append("<h2>Scale-out</h2><section>")
          .append(
              Svg.barChart(
                  "Pipeline throughput at "
                      + Svg.fmt(scaleOut.getDouble("offeredPerSecond"))
                      + "/s offered",
                  "nodes",
                  "scheduled tours/s",
                  List.of(
                      new Svg.Bar(
                          "1 node",
                          scaleOut.getJsonObject("oneNode").getDouble("achievedPerSecond")),
                      new Svg.Bar(
                          "2 nodes",
                          scaleOut.getJsonObject("twoNodes").getDouble("achievedPerSecond")))))
          .append("</section>");
    }
    if (report.containsKey("calendarFill")) {
      JsonObject fill = report.getJsonObject("calendarFill");
      html.append("<h2>Calendar fill</h2><section>")
          .append(
              Svg.barChart(
                  "Where " + fill.getInteger("requests") + " requested tours ended up",
                  "placement",
                  "tours",
                  List.of(
                      new Svg.Bar("at a requested time", fill.getInteger("atRequestedTime")),
                      new Svg.Bar("at another time", fill.getInteger("atOtherTime")),
                      new Svg.Bar("waiting", fill.getInteger("waiting")),
                      new Svg.Bar("not placed by the deadline", fill.getInteger("notPlaced")))))
          .append("</section>");
    }
    if (report.containsKey("bridge")) {
      JsonObject bridge = report.getJsonObject("bridge");
      html.append("<h2>Bridge</h2><section>")
          .append(
              Svg.barChart(
                  "Events to ElasticMQ per second",
                  "sender",
                  "events/s",
                  List.of(
                      new Svg.Bar("bridge", bridge.getDouble("eventsPerSecond")),
                      new Svg.Bar(
                          "raw SendMessageBatch",
                          bridge.getDouble("rawSendMessageBatchEventsPerSecond")))))
          .append("</section>");
    }
    return html.append("</body></html>").toString();
  }

  private static void pipelineHtml(JsonObject pipeline, StringBuilder html) {
    List<JsonObject> loads = objects(pipeline.getJsonArray("loads"));
    html.append("<h2>Booking pipeline (checkout → SCHEDULED)</h2><section>");
    List<double[]> achieved = new ArrayList<>();
    List<double[]> offered = new ArrayList<>();
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p95 = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    for (JsonObject load : loads) {
      double rate = load.getDouble("offeredPerSecond");
      JsonObject latency = load.getJsonObject("latencyMs");
      achieved.add(new double[] {rate, load.getDouble("achievedPerSecond")});
      offered.add(new double[] {rate, rate});
      p50.add(new double[] {rate, latency.getDouble("p50")});
      p95.add(new double[] {rate, latency.getDouble("p95")});
      p99.add(new double[] {rate, latency.getDouble("p99")});
    }
    html.append(
        Svg.lineChart(
            "Throughput vs offered load",
            "offered checkouts/s",
            "scheduled tours/s",
            List.of(
                new Svg.Series("achieved", COLORS[0], achieved),
                new Svg.Series("offered", "#999", offered))));
    html.append(
        Svg.lineChart(
            "Latency percentiles vs load",
            "offered checkouts/s",
            "checkout → SCHEDULED ms",
            List.of(
                new Svg.Series("p50", COLORS[0], p50),
                new Svg.Series("p95", COLORS[1], p95),
                new Svg.Series("p99", COLORS[3], p99))));
    for (JsonObject load : loads) {
      html.append(
          histogram(
              "Latency histogram at "
                  + Svg.fmt(load.getDouble("offeredPerSecond"))
                  + " checkouts/s",
              load.getJsonObject("latencyMs")));
    }
    JsonObject floor = pipeline.getJsonObject("floor");
    html.append(
            histogram("Floor: MongoDB insert → change event", floor.getJsonObject("changeEventMs")))
        .append(histogram("Floor: Redis claim script", floor.getJsonObject("claimMs")))
        .append(histogram("Floor: event-bus request/reply", floor.getJsonObject("requestReplyMs")))
        .append("</section>");
  }

  private static String histogram(String title, JsonObject latency) {
    List<Svg.Bar> bars = new ArrayList<>();
    for (JsonObject bar : objects(latency.getJsonArray("histogram", new JsonArray()))) {
      bars.add(new Svg.Bar(Svg.fmt(bar.getDouble("fromMs")), bar.getLong("count")));
    }
    return Svg.barChart(title, "ms (bar start)", "count", bars);
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    array.forEach(item -> objects.add((JsonObject) item));
    return objects;
  }
}
