package io.realtimeminer.launcher;

import io.realtimeminer.control.ClusterView;
import io.realtimeminer.control.ClusterViewReader;
import io.realtimeminer.control.ControlConfig;
import io.realtimeminer.control.StatusReport;
import io.realtimeminer.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code miner status}: the cluster's overview in the terminal, read from the status topics of
 * this machine's {@code miner up} or the configured servers (no instance needs to serve an API).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the instances, the sources by state, the worst sources and the open alerts of a running pipeline.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--worst", description = "Sources and alerts listed at most (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int worst;

    @Option(names = "--timeout", description = "Seconds to wait for the topics to be read (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        ClusterAddresses cluster = ClusterAddresses.resolve(settings);
        settings.putAll(cluster.kafkaClientSettings());
        ControlConfig config = new ControlConfig(settings);
        ClusterView view = new ClusterView(config.templateParser());
        ClusterViewReader reader = new ClusterViewReader(KafkaClients.of(cluster.bootstrapServers(), settings), cluster.registryUrl(),
                "miner-status-" + ProcessHandle.current().pid(), view);
        Thread thread = new Thread(reader, "miner-status");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (!view.isCaughtUp() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reader.close();
        thread.join(5_000);
        if (!view.isCaughtUp()) {
            System.err.printf("error: could not read the status topics at %s within %d s (is the pipeline running?)%n",
                    cluster.bootstrapServers(), timeoutSeconds);
            return 1;
        }
        new StatusReport(view, config.control(), config.status().instanceTimeout()).print(System.out, Instant.now(), worst);
        return 0;
    }
}
