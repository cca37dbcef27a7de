package io.realtimeminer.launcher;

import io.realtimeminer.control.ClusterView;
import io.realtimeminer.control.ClusterViewReader;
import io.realtimeminer.control.ControlConfig;
import io.realtimeminer.kafka.KafkaClients;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's templates, statuses and heartbeats read once from their topics, up to their ends,
 * for a command that needs no running instance (status, import, export).
 *
 * @param view     what the topics hold
 * @param cluster  where they were read
 * @param settings the command's settings, with the cluster's client settings added
 */
record ClusterSnapshot(ClusterView view, ClusterAddresses cluster, Map<String, Object> settings) {

    /** The option of every command that reads a snapshot, as a picocli mixin. */
    static final class Timeout {
        @Option(names = "--timeout", description = "Seconds to wait for the topics to be read (default: ${DEFAULT-VALUE}).",
                defaultValue = "30")
        int seconds;
    }

    /**
     * Reads the topics of this machine's {@code miner up} or the configured servers; prints why on
     * standard error and returns empty when they cannot be read within the timeout.
     */
    static Optional<ClusterSnapshot> read(Map<String, Object> settings, String clientName, Timeout timeout) throws InterruptedException {
        ClusterAddresses cluster = ClusterAddresses.resolve(settings);
        settings.putAll(cluster.kafkaClientSettings());
        ClusterView view = new ClusterView(new ControlConfig(settings).templateParser());
        ClusterViewReader reader = new ClusterViewReader(KafkaClients.of(cluster.bootstrapServers(), settings), cluster.registryUrl(),
                clientName + "-" + ProcessHandle.current().pid(), view);
        Thread thread = new Thread(reader, clientName);
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout.seconds).toNanos();
        while (!view.isCaughtUp() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reader.close();
        thread.join(5_000);
        if (!view.isCaughtUp()) {
            System.err.printf("error: could not read the pipeline's topics at %s within %d s (is the pipeline running?)%n",
                    cluster.bootstrapServers(), timeout.seconds);
            return Optional.empty();
        }
        return Optional.of(new ClusterSnapshot(view, cluster, settings));
    }
}
