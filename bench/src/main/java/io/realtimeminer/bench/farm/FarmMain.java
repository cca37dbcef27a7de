package io.realtimeminer.bench.farm;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs a {@link SourceFarm} on its own until stopped (Ctrl-C), or for a set time. */
@Command(name = "farm", mixinStandardHelpOptions = true,
        description = "Serves N imitated sources (feed, html, json, hackernews) on one local port.")
public final class FarmMain implements Callable<Integer> {

    /** The line a parent process waits for; the farm's base URL follows it. */
    public static final String READY = "farm ready ";
    /** Precedes, on the ready line, the base URL of the farm's {@link HostileSites}. */
    public static final String HOSTILE = "hostile=";

    private static final FarmSettings DEFAULTS = FarmSettings.defaults();

    @Option(names = "--port", description = "Port to listen on (0 picks a free one; default ${DEFAULT-VALUE}).")
    int port = 8090;
    @Option(names = "--sources", description = "Number of sources (default ${DEFAULT-VALUE}).")
    int sources = DEFAULTS.sources();
    @Option(names = "--kinds", description = "Kinds mix, e.g. feed=2,html=1 (default ${DEFAULT-VALUE}).")
    String kinds = "feed=1,html=1,json=1,hackernews=1";
    @Option(names = "--item-every-s", description = "Mean seconds between two items of a source (default ${DEFAULT-VALUE}).")
    double itemEverySeconds = DEFAULTS.itemEvery().toSeconds();
    @Option(names = "--arrivals", description = "FIXED (period with random phase) or POISSON (default ${DEFAULT-VALUE}).")
    FarmSettings.Arrivals arrivals = DEFAULTS.arrivals();
    @Option(names = "--keep", description = "Latest items each source shows (default ${DEFAULT-VALUE}).")
    int keep = DEFAULTS.keepLatest();
    @Option(names = "--latency-median-ms", description = "Median response delay, log-normal (default ${DEFAULT-VALUE}).")
    long latencyMedianMillis = DEFAULTS.latencyMedian().toMillis();
    @Option(names = "--latency-p99-ms", description = "99th percentile response delay (default ${DEFAULT-VALUE}).")
    long latencyP99Millis = DEFAULTS.latencyP99().toMillis();
    @Option(names = "--error-rate", description = "Share of requests answered 503, half with Retry-After (default ${DEFAULT-VALUE}).")
    double errorRate = DEFAULTS.errorRate();
    @Option(names = "--hosts", description = "Loopback hosts the sources are spread over; above 1 the farm listens on the wildcard "
            + "address but answers loopback connections only (default ${DEFAULT-VALUE}).")
    int hosts = DEFAULTS.hosts();
    @Option(names = "--interval-s", description = "Poll interval written into the templates (default ${DEFAULT-VALUE}).")
    long intervalSeconds = DEFAULTS.interval().toSeconds();
    @Option(names = "--seed", description = "Seed of phases, arrivals and texts (default ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();
    @Option(names = "--rate-spread", description = "Sigma of the log-normal spread of the sources' posting rates around"
            + " --item-every-s (0: all alike; default ${DEFAULT-VALUE}).")
    double rateSpread = DEFAULTS.rateSpread();
    @Option(names = "--copies", description = "Sources following each timeline: 2 serves twin halves posting at the same times"
            + " (default ${DEFAULT-VALUE}).")
    int copies = DEFAULTS.copies();
    @Option(names = "--push-share", description = "Share of the feed timelines whose feeds name the farm's WebSub hub, which pushes"
            + " their items as they are posted (default ${DEFAULT-VALUE}).")
    double pushShare = DEFAULTS.pushShare();
    @Option(names = "--templates-out", description = "Write the templates there (key<TAB>json lines) at start.")
    Path templatesOut;
    @Option(names = "--ledger-out", description = "Write every item's posting time there (TSV) when stopping.")
    Path ledgerOut;
    @Option(names = "--stop-after-s", description = "Stop after this many seconds (0: run until stopped; default ${DEFAULT-VALUE}).")
    long stopAfterSeconds;
    @Option(names = "--exit-with-stdin", description = "Stop when standard input closes (for a parent process that may die).")
    boolean exitWithStdin;

    /** The command-line arguments that make a farm with {@code settings} (the inverse of {@link #settings()}). */
    public static List<String> arguments(FarmSettings settings, int port) {
        StringBuilder mix = new StringBuilder();
        settings.mix().forEach((kind, weight) -> mix.append(mix.length() == 0 ? "" : ",").append(kind.wireName()).append('=').append(weight));
        return List.of("--port", Integer.toString(port), "--sources", Integer.toString(settings.sources()), "--kinds", mix.toString(),
                "--item-every-s", Double.toString(settings.itemEvery().toMillis() / 1000.0), "--arrivals", settings.arrivals().name(),
                "--keep", Integer.toString(settings.keepLatest()),
                "--latency-median-ms", Long.toString(settings.latencyMedian().toMillis()),
                "--latency-p99-ms", Long.toString(settings.latencyP99().toMillis()),
                "--error-rate", Double.toString(settings.errorRate()), "--hosts", Integer.toString(settings.hosts()),
                "--interval-s", Long.toString(settings.interval().toSeconds()), "--seed", Long.toString(settings.seed()),
                "--rate-spread", Double.toString(settings.rateSpread()), "--copies", Integer.toString(settings.copies()),
                "--push-share", Double.toString(settings.pushShare()));
    }

    FarmSettings settings() {
        return new FarmSettings(sources, FarmSettings.parseMix(kinds), Duration.ofMillis(Math.round(itemEverySeconds * 1000)), arrivals, keep,
                Duration.ofMillis(latencyMedianMillis), Duration.ofMillis(latencyP99Millis), errorRate, hosts,
                Duration.ofSeconds(intervalSeconds), seed, rateSpread, copies, pushShare);
    }

    @Override
    public Integer call() throws Exception {
        SourceFarm farm = SourceFarm.start(settings(), port);
        // Idle unless a run publishes templates for it (miner bench --hostile-share).
        HostileSites hostile = HostileSites.start();
        if (templatesOut != null) {
            try (Writer out = Files.newBufferedWriter(templatesOut, StandardCharsets.UTF_8)) {
                farm.templates().writeTsv(out);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(farm);
            try {
                hostile.close();
            } catch (IOException e) {
                // Stopping anyway.
            }
            stopped.countDown();
        }, "farm-shutdown"));
        System.out.println(READY + "http://127.0.0.1:" + farm.port() + " sources=" + sources + " kinds=" + kinds
                + " hosts=" + hosts + " " + HOSTILE + "http://127.0.0.1:" + hostile.port()
                + " (stats: /_farm/stats, ledger: /_farm/ledger.tsv, templates: /_farm/templates.tsv)");
        System.out.flush();
        if (exitWithStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Nothing to read; EOF means the parent is gone.
                    }
                } catch (IOException e) {
                    // Same as EOF.
                }
                System.exit(0);
            }, "farm-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        if (stopAfterSeconds > 0) {
            Thread.sleep(stopAfterSeconds * 1000);
            System.exit(0);
        }
        stopped.await();
        return 0;
    }

    private void stop(SourceFarm farm) {
        farm.close();
        if (ledgerOut != null) {
            try (Writer out = Files.newBufferedWriter(ledgerOut, StandardCharsets.UTF_8)) {
                farm.ledger().writeTsv(out);
            } catch (IOException e) {
                System.err.println("could not write the ledger to " + ledgerOut + ": " + e);
            }
        }
        System.out.println("farm stopped: " + farm.stats().snapshot().toJson());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FarmMain()).execute(args));
    }
}
