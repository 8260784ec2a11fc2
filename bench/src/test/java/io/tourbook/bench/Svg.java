package io.tourbook.bench;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts: no scripts, no external resources. */
final class Svg {

  /** A line of a line chart. */
  record Series(String name, String color, List<double[]> points) {}

  /** A bar of a bar chart. */
  record Bar(String label, double value) {}

  private static final int WIDTH = 560;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 32;
  private static final int BOTTOM = 48;
  private static final int TICKS = 5;

  private Svg() {}

  static String lineChart(String title, String xLabel, String yLabel, List<Series> series) {
    double maxX = 0;
    double maxY = 0;
    for (Series line : series) {
      for (double[] point : line.points()) {
        maxX = Math.max(maxX, point[0]);
        maxY = Math.max(maxY, point[1]);
      }
    }
    maxX = nice(maxX);
    maxY = nice(maxY);
    StringBuilder svg = open(title);
    axes(svg, xLabel, yLabel, maxX, maxY);
    int legendY = TOP;
    for (Series line : series) {
      StringBuilder path = new StringBuilder();
      for (double[] point : line.points()) {
        double x = x(point[0], maxX);
        double y = y(point[1], maxY);
        path.append(path.length() == 0 ? "M" : " L").append(fmt(x)).append(',').append(fmt(y));
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"><title>%s: %s, %s</title></circle>",
                fmt(x),
                fmt(y),
                line.color(),
                escape(line.name()),
                fmt(point[0]),
                fmt(point[1])));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
              path,
              line.color()));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
              LEFT + 8,
              legendY + 12,
              line.color(),
              escape(line.name())));
      legendY += 14;
    }
    return svg.append("</svg>").toString();
  }

  static String barChart(String title, String xLabel, String yLabel, List<Bar> bars) {
    double maxY = nice(bars.stream().mapToDouble(Bar::value).max().orElse(0));
    StringBuilder svg = open(title);
    axes(svg, xLabel, yLabel, 0, maxY);
    double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, bars.size());
    int labelEvery = Math.max(1, bars.size() / 6);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double top = y(bar.value(), maxY);
      double left = LEFT + i * slot + slot * 0.1;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#4878a8\"><title>%s: %s</title></rect>",
              fmt(left),
              fmt(top),
              fmt(slot * 0.8),
              fmt(HEIGHT - BOTTOM - top),
              escape(bar.label()),
              fmt(bar.value())));
      if (i % labelEvery == 0) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%s\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                fmt(left + slot * 0.4),
                HEIGHT - BOTTOM + 14,
                escape(bar.label())));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT,
                escape(title)));
  }

  /** Axes with ticks; no x ticks when {@code maxX} is 0 (bar charts label their bars). */
  private static void axes(
      StringBuilder svg, String xLabel, String yLabel, double maxX, double maxY) {
    int bottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
            LEFT,
            TOP,
            LEFT,
            bottom,
            LEFT,
            bottom,
            WIDTH - RIGHT,
            bottom));
    for (int i = 0; i <= TICKS; i++) {
      double value = maxY * i / TICKS;
      double y = y(value, maxY);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%s\" font-size=\"10\" text-anchor=\"end\">%s</text>",
              LEFT,
              fmt(y),
              WIDTH - RIGHT,
              fmt(y),
              LEFT - 4,
              fmt(y + 3),
              fmt(value)));
      if (maxX > 0) {
        double xValue = maxX * i / TICKS;
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%s\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                fmt(x(xValue, maxX)),
                bottom + 14,
                fmt(xValue)));
      }
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">%s</text>",
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 8,
            escape(xLabel),
            (TOP + bottom) / 2,
            (TOP + bottom) / 2,
            escape(yLabel)));
  }

  private static double x(double value, double max) {
    return LEFT + value / max * (WIDTH - LEFT - RIGHT);
  }

  private static double y(double value, double max) {
    return HEIGHT - BOTTOM - value / max * (HEIGHT - TOP - BOTTOM);
  }

  /** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
  static double nice(double max) {
    if (max <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  static String fmt(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
