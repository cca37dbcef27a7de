package io.realtimeminer.launcher;

import io.realtimeminer.control.ControlConfig;
import io.realtimeminer.control.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Optional;
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

    @Mixin
    ClusterSnapshot.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        Optional<ClusterSnapshot> snapshot = ClusterSnapshot.read(options.settings(), "miner-status", timeout);
        if (snapshot.isEmpty()) {
            return 1;
        }
        ControlConfig config = new ControlConfig(snapshot.get().settings());
        new StatusReport(snapshot.get().view(), config.control(), config.status().instanceTimeout()).print(System.out, Instant.now(), worst);
        return 0;
    }
}
