package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code miner fetcher}: one more fetcher instance. It joins the pool's consumer group on the
 * templates topic and takes its share of the sources; Ctrl-C hands them back at once.
 */
@Command(name = "fetcher", mixinStandardHelpOptions = true,
        description = "Run one fetcher instance against a running pipeline (this machine's 'miner up', or the configured servers).")
final class FetcherCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--pool", description = "Serve only the sources of this pool (default: ${DEFAULT-VALUE}).",
            defaultValue = SourceTemplate.DEFAULT_POOL)
    String pool;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        System.out.println("Log: " + RunningMiner.routeLogs(settings, "fetcher"));
        ClusterAddresses cluster = ClusterAddresses.resolve(settings);
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, cluster.registryUrl());
        settings.put(FetcherConfig.POOL, pool);
        Logger log = LoggerFactory.getLogger(FetcherCommand.class);
        Fetcher fetcher = new Fetcher(new FetcherConfig(settings), result -> logPoll(log, result)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping " + fetcher.instanceId() + " (its sources move to the other instances)...");
            fetcher.close();
        }, "fetcher-shutdown"));
        System.out.printf("%s joined pool '%s' at %s. Ctrl-C to stop.%n", fetcher.instanceId(), pool, cluster.bootstrapServers());
        while (true) {
            Thread.sleep(30_000);
            System.out.printf("%s polls %d sources%n", fetcher.instanceId(), fetcher.sourceIds().size());
        }
    }

    static void logPoll(Logger log, PollResult result) {
        if (result.outcome() == PollResult.Outcome.FAILED) {
            log.warn("poll of {} failed after {} ms: {}", result.sourceId(), result.duration().toMillis(), result.error());
        } else if (result.itemsNew() > 0) {
            log.info("poll of {}: {} items, {} new (lag {} ms)", result.sourceId(), result.itemsFound(), result.itemsNew(),
                    result.scheduleLag().toMillis());
        }
    }
}
