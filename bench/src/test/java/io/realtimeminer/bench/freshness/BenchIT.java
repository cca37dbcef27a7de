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
 * A short {@code miner bench --compare} through the {@code miner} command, as the plugin adds it:
 * 40 sources of every kind served twice, their posting rates spread, one fetcher JVM polling one
 * copy at a fixed interval and one polling the twins to a target under 60 % of the polls, on
 * the real embedded stack. Asserts what must hold on any machine — nothing missed, nothing stored
 * twice, both arms measured on the same postings, the budget kept, a report and charts — and not
 * timings or which arm is fresher.
 */
class BenchIT {

    @Test
    void shortComparisonMissesNothingStoresNothingTwiceAndWritesItsReportAndCharts(@TempDir Path out) throws Exception {
        CommandLine miner = new CommandLine(new Miner());
        ServiceLoader.load(MinerPlugin.class).forEach(plugin -> miner.addSubcommand(plugin.command()));
        assertThat(miner.getSubcommands()).containsKey("bench");

        // 10 items of backlog: the sources whose habits they show are planned from their first poll, the others (learning) are
        // stretched to the budget beside them. The budget, 60 % of fixed's 4 polls/s, pays for every source at its longest
        // interval (2 polls/s) and some at the target. The warm-up starts once both backlogs are stored; about 20 items an arm
        // are posted in the window (the farm is seeded, the window's place in its timeline is not). Half the feed timelines name
        // the farm's WebSub hub: the adaptive arm's fetcher subscribes (polled as a backup every 20 s, so a lost notification
        // costs freshness, not an item); the fixed arm's twins of them are polled.
        int exit = miner.execute("bench", "--compare", "--sources", "40", "--interval", "10", "--item-every", "60", "--rate-spread", "1",
                "--keep", "10", "--arrivals", "POISSON", "--target", "10", "--min-interval", "2", "--max-interval", "20", "--budget-share", "0.6",
                "--push-share", "0.5", "-D", "push.backup.interval.ms=20000",
                "--fetchers", "1", "--warmup", "5", "--duration", "30", "--drain-max", "60", "--latency-median-ms", "50", "--latency-p99-ms", "500",
                "--error-rate", "0", "--fetcher-heap", "256m", "--out", out.toString());

        FreshnessReport report = FreshnessReport.readJson(out.resolve(FreshnessBench.REPORT_FILE));
        assertThat(report.postedInWindow()).as("items posted in the window").isGreaterThan(10);
        assertThat(report.missed()).as("missed: %s", report.missedSample()).isZero();
        assertThat(report.duplicates()).as("items stored in two rows").isZero();
        assertThat(report.itemsNewDuplicates()).as("items twice on miner.items.new").isZero();
        assertThat(report.storedInWindow()).isEqualTo(report.postedInWindow());
        assertThat(report.freshness().count()).isEqualTo(report.postedInWindow());
        assertThat(report.polls().polls()).as("polls seen in the fetchers' stats lines").isPositive();
        assertThat(report.processes()).extracting(FreshnessReport.ProcessUsage::name).contains("farm", "fixed-1", "adaptive-1");
        assertThat(report.events()).extracting(FreshnessReport.Event::instance).containsExactly("fixed-1", "adaptive-1");
        assertThat(exit).isZero();

        assertThat(report.arms()).extracting(FreshnessReport.Arm::pool).containsExactly("fixed", "adaptive");
        FreshnessReport.Arm fixed = report.arms().get(0);
        FreshnessReport.Arm adaptive = report.arms().get(1);
        assertThat(fixed.posted()).as("twins post at the same times").isEqualTo(adaptive.posted())
                .isEqualTo(report.postedInWindow() / 2);
        assertThat(fixed.missed() + adaptive.missed()).isZero();
        assertThat(fixed.sources()).isEqualTo(40);
        assertThat(adaptive.sources()).isEqualTo(40);
        assertThat(fixed.pollsPerSecond()).isGreaterThan(3.0);
        assertThat(adaptive.pollsPerSecond()).as("the adaptive pool keeps to its budget of 2.4 polls/s").isLessThan(2.4 * 1.15)
                .isLessThan(fixed.pollsPerSecond() * 0.75);
        assertThat(adaptive.requests()).as("polls and the items' own requests").isGreaterThanOrEqualTo(adaptive.polls());
        assertThat(adaptive.planReasons()).as("every adaptive source reported its plan").isNotEmpty();
        assertThat(adaptive.planReasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(fixed.freshnessPercentiles()).hasSize(100);

        FreshnessReport.Push push = report.push();
        assertThat(push).as("the sources behind the hub, measured apart").isNotNull();
        assertThat(push.pool()).isEqualTo("adaptive");
        assertThat(push.sources()).as("about half the adaptive arm's 10 feeds, spread by the golden ratio").isEqualTo(6);
        assertThat(push.active()).as("subscribed, verified by the hub through an instance's API").isEqualTo(6);
        assertThat(push.subscribed()).isGreaterThanOrEqualTo(6);
        assertThat(push.delivered()).as("notifications the callbacks took").isPositive();
        assertThat(push.deliveryFailed()).isZero();
        assertThat(push.missed()).isZero();
        assertThat(push.stored()).isEqualTo(push.posted());
        assertThat(adaptive.planReasons()).containsEntry("push", 6L);
        BufferedImage comparison = ImageIO.read(out.resolve(FreshnessBench.COMPARE_CHART_FILE).toFile());
        assertThat(comparison).isNotNull();

        BufferedImage chart = ImageIO.read(out.resolve(FreshnessBench.CHART_FILE).toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isPositive();
    }
}
