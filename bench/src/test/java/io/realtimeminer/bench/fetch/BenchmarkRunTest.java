package io.realtimeminer.bench.fetch;

import io.realtimeminer.bench.farm.FarmSettings;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A smoke run of the benchmark's wiring at a tiny scale; the figures themselves are not judged here. */
class BenchmarkRunTest {

    @Test
    void aTinyRunPollsEveryKindAndReportsItsFigures() throws Exception {
        FarmSettings farm = FarmSettings.defaults()
                .withItems(Duration.ofSeconds(2), FarmSettings.Arrivals.FIXED, 5)
                .withLatency(Duration.ZERO, Duration.ZERO)
                .withErrorRate(0)
                .withInterval(Duration.ofSeconds(5));
        BenchmarkRun run = new BenchmarkRun(new BenchmarkRun.Plan(farm, 1, true, "256m", Map.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)), new PrintStream(OutputStream.nullOutputStream()));

        RunReport report = run.run(8);

        assertThat(report.polls()).isGreaterThan(0);
        assertThat(report.failed()).isZero();
        assertThat(report.itemsSent()).isGreaterThanOrEqualTo(8 * 5);
        assertThat(report.detailsFetched()).isGreaterThan(0);
        assertThat(report.lag().getTotalCount()).isEqualTo(report.polls());
        assertThat(report.summaryLine()).contains("8 sources");
    }
}
