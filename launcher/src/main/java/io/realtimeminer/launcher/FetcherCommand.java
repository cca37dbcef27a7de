package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.PollStats;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code miner fetcher}: one more fetcher instance. It joins the pool's consumer group on the
 * templates topic and takes its share of the sources; Ctrl-C hands them back at once.
 */
@Command(name = "fetcher", mixinStandardHelpOptions = true,
        description = "Run one fetcher instance against a running pipeline (this machine's 'miner up', or the configured servers).")
public final class FetcherCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--pool", description = "Serve only the sources of this pool (default: the setting " + FetcherConfig.POOL
            + ", itself '" + SourceTemplate.DEFAULT_POOL + "' unless set).")
    String pool;

    @Option(names = "--stats-every", description = "Print a '" + STATS_PREFIX + "' line of poll statistics every this many seconds"
            + " (schedule lag of the polls finished since the previous line, outcomes since the start); 0: never (default).",
            defaultValue = "0")
    int statsEverySeconds;

    /** Starts each statistics line, for a parent process (the benchmark) reading this instance's output. */
    public static final String STATS_PREFIX = "poll-stats";

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        System.out.println("Log: " + RunningMiner.routeLogs(settings, "fetcher"));
        ClusterAddresses cluster = ClusterAddresses.resolve(settings);
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, cluster.registryUrl());
        settings.putAll(cluster.kafkaClientSettings());
        if (pool != null) {
            settings.put(FetcherConfig.POOL, pool);
        }
        FetcherConfig config = new FetcherConfig(settings);
        Logger log = LoggerFactory.getLogger(FetcherCommand.class);
        AtomicReference<Fetcher> started = new AtomicReference<>();
        ControlPlane control = InstanceControl.start(settings, KafkaClients.of(cluster.bootstrapServers(), settings), cluster.registryUrl(),
                "fetcher-" + ProcessHandle.current().pid(), Map.of("fetcher",
                        () -> Optional.ofNullable(started.get()).map(Fetcher::failure).orElse(Optional.of("starting"))));
        Fetcher fetcher = new Fetcher(config, result -> logPoll(log, result),
                InstanceControl.fetcherContext(settings, control)).start();
        started.set(fetcher);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping " + fetcher.instanceId() + " (its sources move to the other instances)...");
            fetcher.close();
            control.close();
        }, "fetcher-shutdown"));
        System.out.printf("%s joined pool '%s' at %s. Ctrl-C to stop.%n", fetcher.instanceId(), config.pool(), cluster.bootstrapServers());
        if (control.url() != null) {
            System.out.println("HTTP API: " + control.url());
        }
        long statsMillis = statsEverySeconds * 1000L;
        long nextSourcesLine = System.currentTimeMillis() + 30_000;
        while (true) {
            long wakeUp = System.currentTimeMillis() + (statsMillis > 0 ? Math.min(statsMillis, 30_000) : 30_000);
            while (System.currentTimeMillis() < wakeUp) {
                if (fetcher.failure().isPresent()) {
                    RunningMiner.awaitShutdown(fetcher::failure);
                }
                Thread.sleep(Math.min(1_000, Math.max(1, wakeUp - System.currentTimeMillis())));
            }
            if (statsMillis > 0) {
                System.out.println(statsLine(fetcher));
            }
            if (System.currentTimeMillis() >= nextSourcesLine) {
                System.out.printf("%s polls %d sources%n", fetcher.instanceId(), fetcher.sourceIds().size());
                nextSourcesLine += 30_000;
            }
        }
    }

    /** {@code poll-stats t=<epoch ms> sources=.. in-flight=.. ITEMS=.. NOT_MODIFIED=.. FAILED=.. lag.count=.. lag.p50.ms=.. ...}. */
    static String statsLine(Fetcher fetcher) {
        PollStats stats = fetcher.pollStats();
        PollStats.LagSummary lag = stats.lag();
        stats.reset(); // the next line covers the polls from now on
        StringBuilder line = new StringBuilder(STATS_PREFIX).append(" t=").append(System.currentTimeMillis())
                .append(" sources=").append(fetcher.sourceIds().size()).append(" in-flight=").append(stats.pollsInFlight());
        for (PollResult.Outcome outcome : PollResult.Outcome.values()) {
            line.append(' ').append(outcome.name()).append('=').append(stats.polls(outcome));
        }
        return line.append(" lag.count=").append(lag.count()).append(" lag.p50.ms=").append(lag.p50().toMillis())
                .append(" lag.p99.ms=").append(lag.p99().toMillis()).append(" lag.max.ms=").append(lag.max().toMillis())
                .append(" items.sent=").append(stats.itemsSent()).toString();
    }

    static void logPoll(Logger log, PollResult result) {
        if (result.outcome() == PollResult.Outcome.FAILED) {
            log.warn("poll of {} failed after {} ms: {}", result.sourceId(), result.duration().toMillis(), result.error());
        } else if (result.itemsNew() > 0) {
            // One line per poll is noise in a user's log at any scale: DEBUG (failures stay WARN).
            log.debug("poll of {}: {} items, {} new (lag {} ms)", result.sourceId(), result.itemsFound(), result.itemsNew(),
                    result.scheduleLag().toMillis());
        }
    }
}
