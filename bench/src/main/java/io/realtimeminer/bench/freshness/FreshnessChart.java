package io.realtimeminer.bench.freshness;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The PNG of a run: freshness p50/p95/p99 per bucket of posting time, with a vertical line at each instance start or kill. */
final class FreshnessChart {

    private FreshnessChart() {
    }

    static void write(FreshnessReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(500)
                .title(String.format("Freshness (posting to PostgreSQL row): %s sources, %s fetcher(s), interval %s s",
                        report.config().get("sources"), report.config().get("fetchers"), report.config().get("intervalS")))
                .xAxisTitle("seconds since the templates were published (item posting time)").yAxisTitle("seconds").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(4);
        List<FreshnessReport.Bucket> buckets = report.buckets().stream().filter(b -> b.items() > 0).toList();
        double top = 1;
        if (!buckets.isEmpty()) {
            double[] x = buckets.stream().mapToDouble(FreshnessReport.Bucket::startS).toArray();
            line(chart, "p50", x, buckets.stream().mapToDouble(FreshnessReport.Bucket::p50).toArray(), new Color(0x2b8cbe));
            line(chart, "p95", x, buckets.stream().mapToDouble(FreshnessReport.Bucket::p95).toArray(), new Color(0xfdae61));
            line(chart, "p99", x, buckets.stream().mapToDouble(FreshnessReport.Bucket::p99).toArray(), new Color(0xd7191c));
            top = buckets.stream().mapToDouble(FreshnessReport.Bucket::p99).max().orElse(1) * 1.1;
        }
        vertical(chart, "window start", report.windowStartS(), top, Color.GRAY);
        vertical(chart, "window end", report.windowEndS(), top, Color.GRAY);
        for (FreshnessReport.Event e : report.events()) {
            vertical(chart, e.instance() + " " + e.what() + String.format(" (%.0f s)", e.atS()), e.atS(), top,
                    e.what().contains("kill") ? Color.BLACK : new Color(0x1a9641));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The PNG of {@code --compare}: for each arm, the share of its items stored within x seconds of their posting, with the
     * requests each arm made in the legend and a vertical line at the target.
     */
    static void writeComparison(FreshnessReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(500)
                .title(String.format("Fixed vs adaptive polling on the same postings: %s sources each, rate spread %s",
                        ((Number) report.config().get("sources")).intValue() / 2,
                        report.config().get("rateSpread")))
                .xAxisTitle("seconds from posting to PostgreSQL row").yAxisTitle("% of the items posted in the window").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisDecimalPattern("#");
        chart.getStyler().setYAxisTickMarkSpacingHint(60);
        chart.getStyler().setXAxisDecimalPattern("#");
        Color[] colors = {new Color(0x2b8cbe), new Color(0xd7191c)};
        double right = 1;
        for (int i = 0; i < report.arms().size(); i++) {
            FreshnessReport.Arm arm = report.arms().get(i);
            if (arm.freshnessPercentiles().isEmpty()) {
                continue;
            }
            double[] x = arm.freshnessPercentiles().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = java.util.stream.IntStream.rangeClosed(1, x.length).mapToDouble(q -> q).toArray();
            XYSeries series = chart.addSeries(String.format("%s: %,d polls, %,d requests (%.1f per new item); p50 %.1f s, p95 %.1f s,"
                    + " p99 %.1f s", arm.pool(), arm.polls(), arm.requests(), arm.requestsPerNewItem(), arm.freshness().p50(),
                    arm.freshness().p95(), arm.freshness().p99()), x, y);
            series.setLineColor(colors[i % colors.length]);
            series.setMarker(SeriesMarkers.NONE);
            // The slowest items would stretch the axis: the chart shows the body, the legend the tail.
            right = Math.max(right, Math.max(arm.targetS() * 2.5, arm.freshness().p95() * 1.5));
        }
        if (!report.arms().isEmpty()) {
            double target = report.arms().get(report.arms().size() - 1).targetS();
            vertical(chart, String.format("target %.0f s", target), target, 100, Color.GRAY);
        }
        chart.getStyler().setXAxisMax(right);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }

    private static void vertical(XYChart chart, String name, double x, double top, Color color) {
        String unique = name;
        for (int i = 2; chart.getSeriesMap().containsKey(unique); i++) {
            unique = name + " " + i;
        }
        XYSeries series = chart.addSeries(unique, new double[] {x, x}, new double[] {0, top});
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        series.setMarker(SeriesMarkers.NONE);
    }
}
