package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code miner bench}: freshness end to end — the embedded stack, a source farm, K fetcher JVMs;
 * measures posting-to-row delays from PostgreSQL joined with the farm's ledger. Exit code 0 when
 * nothing was missed or stored twice.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure freshness end to end: the embedded stack (or the configured servers), a local farm of N sources"
                + " and K fetcher instances in JVMs of their own. Writes <out>/freshness.json and <out>/freshness.png"
                + " (with --compare also <out>/freshness-compare.png).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--sources", description = "Number of sources; with --compare, of each arm (default ${DEFAULT-VALUE}).", defaultValue = "1000")
    int sources;
    @Option(names = "--kinds", description = "Kinds mix (default ${DEFAULT-VALUE}).", defaultValue = "feed=1,html=1,json=1,hackernews=1")
    String kinds;
    @Option(names = "--interval", description = "Poll interval of every source, seconds (default ${DEFAULT-VALUE}).", defaultValue = "30")
    long intervalSeconds;
    @Option(names = "--item-every", description = "Mean seconds between two items of a source (default ${DEFAULT-VALUE}).", defaultValue = "120")
    double itemEverySeconds;
    @Option(names = "--arrivals", description = "FIXED or POISSON (default ${DEFAULT-VALUE}).", defaultValue = "FIXED")
    FarmSettings.Arrivals arrivals;
    @Option(names = "--keep", description = "Latest items each source shows; also its backlog at the start (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int keep;
    @Option(names = "--latency-median-ms", description = "Median farm response delay (default ${DEFAULT-VALUE}).", defaultValue = "300")
    long latencyMedianMs;
    @Option(names = "--latency-p99-ms", description = "p99 farm response delay (default ${DEFAULT-VALUE}).", defaultValue = "5000")
    long latencyP99Ms;
    @Option(names = "--error-rate", description = "Share of requests answered 503, half with Retry-After (default ${DEFAULT-VALUE}).", defaultValue = "0.01")
    double errorRate;
    @Option(names = "--hosts", description = "Loopback hosts the sources are spread over; 0: one per source (default ${DEFAULT-VALUE}).", defaultValue = "0")
    int hosts;
    @Option(names = "--seed", description = "Farm seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;
    @Option(names = "--fetchers", description = "Fetcher instances at the start (default ${DEFAULT-VALUE}).", defaultValue = "1")
    int fetchers;
    @Option(names = "--warmup", description = "Seconds before the measured window: the sources' backlog must have passed; with --compare, counted from when both arms' backlogs are stored (default ${DEFAULT-VALUE}).", defaultValue = "40")
    long warmupSeconds;
    @Option(names = "--duration", description = "Seconds of the measured window (default ${DEFAULT-VALUE}).", defaultValue = "40")
    long durationSeconds;
    @Option(names = "--drain-max", description = "Seconds to wait at most after the window for its items to be stored (default ${DEFAULT-VALUE}).", defaultValue = "150")
    long drainMaxSeconds;
    @Option(names = "--kill-at", description = "SIGKILL instance 1 this many seconds after the templates are published.")
    Long killAtSeconds;
    @Option(names = "--add-at", description = "Start one more instance this many seconds after the templates are published.")
    Long addAtSeconds;
    @Option(names = "--push-share", description = "Share of the feed sources whose feeds name the farm's WebSub hub, which pushes each"
            + " item as it is posted; their fetchers (the adaptive arm's with --compare) subscribe, and the report gives their freshness"
            + " apart (default ${DEFAULT-VALUE}).", defaultValue = "0")
    double pushShare;
    @Option(names = "--hostile-share", description = "Add this share of hostile sources (endless headers, drips, stalls, huge bodies,"
            + " gzip bombs, redirect loops, 50,000-item feeds, slow pages) after the window, and measure a second window beside"
            + " them: the report compares the well-behaved sources' freshness with and without (default ${DEFAULT-VALUE}: none).",
            defaultValue = "0")
    double hostileShare;
    @Option(names = "--rate-spread", description = "Spread the sources' posting rates log-normally around --item-every, with this"
            + " sigma (2.5 is about as skewed as the web; default ${DEFAULT-VALUE}: all alike).", defaultValue = "0")
    double rateSpread;
    @Option(names = "--compare", description = "Serve every source twice and poll the twins two ways side by side: pool fixed at"
            + " --interval, pool adaptive to --target under a poll budget of --budget-share of fixed's polls (--fetchers instances each).")
    boolean compare;
    @Option(names = "--target", description = "--compare: the adaptive twins' freshness target, seconds (default: --interval).")
    Long targetSeconds;
    @Option(names = "--min-interval", description = "--compare: their shortest interval, seconds (default ${DEFAULT-VALUE}).", defaultValue = "5")
    long minIntervalSeconds;
    @Option(names = "--max-interval", description = "--compare: their longest interval, seconds; the drain waits at least this long"
            + " (default ${DEFAULT-VALUE}).", defaultValue = "300")
    long maxIntervalSeconds;
    @Option(names = "--budget-share", description = "--compare: the adaptive pool's polls per second as a share of the fixed pool's"
            + " (default ${DEFAULT-VALUE}).", defaultValue = "0.3333")
    double budgetShare;
    @Option(names = "--bucket", description = "Seconds per point of the chart (default ${DEFAULT-VALUE}).", defaultValue = "10")
    long bucketSeconds;
    @Option(names = "--fetcher-heap", description = "-Xmx of each fetcher JVM (default ${DEFAULT-VALUE}).", defaultValue = "512m")
    String fetcherHeap;
    @Option(names = "--out", description = "Directory of the report and the chart (default ${DEFAULT-VALUE}).", defaultValue = "bench-out")
    Path out;
    @Option(names = {"-d", "--data-dir"}, description = "Data directory of the embedded stack; must not exist or be empty (default: a new directory under --out).")
    Path dataDir;
    @Option(names = {"-D", "--set"}, description = "A setting for the stack, the pipeline and the fetchers, e.g. kafka.bootstrap.servers=... to use external servers. Repeatable.")
    Map<String, String> stack = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        FarmSettings farm = new FarmSettings(sources, FarmSettings.parseMix(kinds), Duration.ofMillis(Math.round(itemEverySeconds * 1000)),
                arrivals, keep, Duration.ofMillis(latencyMedianMs), Duration.ofMillis(latencyP99Ms), errorRate,
                hosts == 0 ? sources : hosts, Duration.ofSeconds(intervalSeconds), seed, rateSpread, 1, pushShare);
        Comparison comparison = null;
        Duration drain = Duration.ofSeconds(drainMaxSeconds);
        if (compare) {
            // Twice the sources, each timeline in both arms; the adaptive arm's slowest items are found within its longest interval.
            farm = farm.withSources(sources * 2).withHosts(hosts == 0 ? sources * 2 : hosts).withSpread(rateSpread, 2);
            comparison = new Comparison(Duration.ofSeconds(targetSeconds == null ? intervalSeconds : targetSeconds),
                    Duration.ofSeconds(minIntervalSeconds), Duration.ofSeconds(maxIntervalSeconds), budgetShare);
            Duration needed = comparison.maxInterval().plusSeconds(60);
            drain = drain.compareTo(needed) < 0 ? needed : drain;
        }
        Path data = dataDir != null ? dataDir : out.resolve("data-" + System.currentTimeMillis());
        if (Files.isDirectory(data)) {
            try (var entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    System.err.println("The data directory " + data + " is not empty: a bench run needs fresh topics and tables.");
                    return 2;
                }
            }
        }
        BenchSettings settings = new BenchSettings(farm, fetchers, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds),
                drain, killAtSeconds == null ? null : Duration.ofSeconds(killAtSeconds),
                addAtSeconds == null ? null : Duration.ofSeconds(addAtSeconds), Duration.ofSeconds(bucketSeconds), out, data,
                fetcherHeap, stack, hostileShare, comparison);
        FreshnessReport report = new FreshnessBench(settings, System.out).run();
        System.out.println();
        System.out.print(report.summaryTable());
        System.out.println("Report: " + out.resolve(FreshnessBench.REPORT_FILE) + "  chart: " + out.resolve(FreshnessBench.CHART_FILE)
                + (compare ? "  comparison: " + out.resolve(FreshnessBench.COMPARE_CHART_FILE) : ""));
        return report.missed() == 0 && report.duplicates() == 0 && (report.hostile() == null || report.hostile().missed() == 0)
                && report.arms().stream().allMatch(arm -> arm.missed() == 0) ? 0 : 1;
    }
}
