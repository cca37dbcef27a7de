package io.realtimeminer.bench.fetch;

import io.realtimeminer.bench.farm.FarmSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs one fetch engine against a source farm and prints polls per second, schedule lag, poll
 * duration, failures, CPU per 1,000 polls and heap (issue 3). Not a test: run it by hand, see
 * docs/benchmarks.md.
 */
@Command(name = "fetch-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Polls N farm sources with the real PollScheduler + AsyncHttpPageFetcher and reports what it cost.")
public final class FetchBenchmark implements Callable<Integer> {

    @Option(names = "--sources", description = "Sources to poll (default ${DEFAULT-VALUE}).")
    int sources = 10_000;
    @Option(names = "--interval-s", description = "Poll interval of every source (default ${DEFAULT-VALUE}).")
    long intervalSeconds = 60;
    @Option(names = "--warmup-s", description = "Seconds before the measured window; at least one interval (default ${DEFAULT-VALUE}).")
    long warmupSeconds = 60;
    @Option(names = "--measure-s", description = "Seconds of the measured window (default ${DEFAULT-VALUE}).")
    long measureSeconds = 120;
    @Option(names = "--kinds", description = "Kinds mix of the farm, e.g. feed or feed=1,html=1 (default ${DEFAULT-VALUE}).")
    String kinds = "feed=1,html=1,json=1,hackernews=1";
    @Option(names = "--item-every-s", description = "Mean seconds between two items of a source (default ${DEFAULT-VALUE}).")
    long itemEverySeconds = 300;
    @Option(names = "--latency-median-ms", description = "Farm response delay median (default ${DEFAULT-VALUE}).")
    long latencyMedianMillis = 300;
    @Option(names = "--latency-p99-ms", description = "Farm response delay p99 (default ${DEFAULT-VALUE}).")
    long latencyP99Millis = 5_000;
    @Option(names = "--error-rate", description = "Share of farm responses that are 503s (default ${DEFAULT-VALUE}).")
    double errorRate = 0.01;
    @Option(names = "--hosts", description = "Distinct loopback hosts of the sources; 0 = one per source, like a real crawl (default ${DEFAULT-VALUE}).")
    int hosts;
    @Option(names = "--farm-in-process", description = "Run the farm in this JVM instead of a child JVM.")
    boolean farmInProcess;
    @Option(names = "--farm-heap", description = "Heap of the farm's child JVM (default ${DEFAULT-VALUE}).")
    String farmHeap = "1g";
    @Option(names = "--fetcher", description = "A fetcher setting, key=value (repeatable), e.g. --fetcher http.io.threads=1.")
    Map<String, String> fetcher = new LinkedHashMap<>();
    @Option(names = "--lag-target-ms", description = "The schedule lag p99 a run must stay under (default ${DEFAULT-VALUE}).")
    long lagTargetMillis = 1_000;
    @Option(names = "--sweep", description = "Double the sources from --sources until the target is missed, then bisect; report the largest that holds.")
    boolean sweep;
    @Option(names = "--sweep-max", description = "Sources the sweep never goes beyond (default ${DEFAULT-VALUE}).")
    int sweepMax = 320_000;
    @Option(names = "--sweep-refine", description = "Bisection steps after the first miss (default ${DEFAULT-VALUE}).")
    int sweepRefine = 1;

    @Override
    public Integer call() throws Exception {
        FarmSettings farm = FarmSettings.defaults()
                .withMix(FarmSettings.parseMix(kinds))
                .withItems(Duration.ofSeconds(itemEverySeconds), FarmSettings.Arrivals.FIXED, FarmSettings.defaults().keepLatest())
                .withLatency(Duration.ofMillis(latencyMedianMillis), Duration.ofMillis(latencyP99Millis))
                .withErrorRate(errorRate)
                .withInterval(Duration.ofSeconds(intervalSeconds));
        BenchmarkRun run = new BenchmarkRun(new BenchmarkRun.Plan(farm, hosts, farmInProcess, farmHeap, fetcher,
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(measureSeconds), Duration.ofMillis(lagTargetMillis)), System.err);
        System.out.printf("fetch benchmark on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (!sweep) {
            RunReport report = run.run(sources);
            report.print(System.out);
            return report.holds() ? 0 : 1;
        }
        List<RunReport> reports = new ArrayList<>();
        int good = 0;
        int bad = 0;
        for (int n = sources; n <= sweepMax; n *= 2) {
            RunReport report = measure(run, n, reports);
            if (report.holds()) {
                good = n;
            } else {
                bad = n;
                break;
            }
        }
        for (int i = 0; i < sweepRefine && bad > 0 && good > 0 && bad - good > good / 8; i++) {
            int mid = (good + bad) / 2 / 1_000 * 1_000;
            if (measure(run, mid, reports).holds()) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        System.out.println("== sweep");
        reports.forEach(r -> System.out.println(r.summaryLine()));
        System.out.println(good == 0
                ? "the target (lag p99 < " + lagTargetMillis + " ms with >= 90% of the scheduled polls done) is missed already at " + sources + " sources"
                : String.format("largest source count at which the target (lag p99 < %d ms with >= 90%% of the scheduled polls done) holds: %,d%s", lagTargetMillis, good,
                        bad == 0 ? " (the sweep's maximum; it may hold beyond)" : String.format(" (missed at %,d)", bad)));
        return 0;
    }

    private static RunReport measure(BenchmarkRun run, int n, List<RunReport> reports) throws Exception {
        RunReport report = run.run(n);
        report.print(System.out);
        System.out.println(report.summaryLine());
        reports.add(report);
        System.gc();
        return report;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FetchBenchmark()).execute(args));
    }
}
