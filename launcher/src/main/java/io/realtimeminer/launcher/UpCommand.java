package io.realtimeminer.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code miner up}: the embedded stack and the pipeline, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the embedded stack (Kafka, PostgreSQL, schema registry, Kafka Connect) and the pipeline.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        Path log = RunningMiner.routeLogs(settings);
        System.out.println("Log: " + log);
        RunningMiner miner = RunningMiner.start(settings, System.out);
        miner.printConnectionHelp(home());
        RunningMiner.awaitShutdown(miner.pipeline()::failure);
        return 0;
    }

    static Path home() {
        String home = System.getProperty("miner.home");
        return home == null ? null : Path.of(home);
    }
}
