package io.realtimeminer.bench.freshness;

import io.realtimeminer.launcher.Miner;
import io.realtimeminer.launcher.MinerPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short {@code miner bench} through the {@code miner} command, as the plugin adds it: 60 sources
 * of every kind, 2 fetcher JVMs, the real embedded stack. Asserts what must hold on any machine —
 * nothing missed, nothing stored twice, a report and a chart — and not timings.
 */
class BenchIT {

    @Test
    void shortRunMissesNothingStoresNothingTwiceAndWritesItsReportAndChart(@TempDir Path out) throws Exception {
        CommandLine miner = new CommandLine(new Miner());
        ServiceLoader.load(MinerPlugin.class).forEach(plugin -> miner.addSubcommand(plugin.command()));
        assertThat(miner.getSubcommands()).containsKey("bench");

        int exit = miner.execute("bench", "--sources", "60", "--interval", "10", "--item-every", "15", "--fetchers", "2",
                "--warmup", "10", "--duration", "20", "--drain-max", "90", "--latency-median-ms", "50", "--latency-p99-ms", "500",
                "--error-rate", "0", "--fetcher-heap", "256m", "--out", out.toString());

        FreshnessReport report = FreshnessReport.readJson(out.resolve(FreshnessBench.REPORT_FILE));
        assertThat(report.postedInWindow()).as("items posted in the window").isGreaterThan(60);
        assertThat(report.missed()).as("missed: %s", report.missedSample()).isZero();
        assertThat(report.duplicates()).as("items stored in two rows").isZero();
        assertThat(report.itemsNewDuplicates()).as("items twice on miner.items.new").isZero();
        assertThat(report.storedInWindow()).isEqualTo(report.postedInWindow());
        assertThat(report.freshness().count()).isEqualTo(report.postedInWindow());
        assertThat(report.polls().polls()).as("polls seen in the fetchers' stats lines").isPositive();
        assertThat(report.processes()).extracting(FreshnessReport.ProcessUsage::name).contains("farm", "instance-1", "instance-2");
        assertThat(report.events()).extracting(FreshnessReport.Event::instance).containsExactly("instance-1", "instance-2");
        assertThat(exit).isZero();

        BufferedImage chart = ImageIO.read(out.resolve(FreshnessBench.CHART_FILE).toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isPositive();
    }
}
