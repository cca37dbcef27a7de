package io.realtimeminer.launcher;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Options shared by the commands that run the pipeline: where data lives and which settings apply. */
final class StackOptions {

    @Option(names = {"-d", "--data-dir"}, description = "Directory of all stored data (default: ${DEFAULT-VALUE}).",
            defaultValue = "./data")
    Path dataDir;

    @Option(names = {"-c", "--config"}, description = "A properties file of settings (see docs/configuration.md).")
    Path configFile;

    @Option(names = {"-D", "--set"}, description = "A setting, as key=value; overrides the file. Repeatable.")
    Map<String, String> overrides = new HashMap<>();

    /** Environment variables that name a setting: {@code MINER_KAFKA_BOOTSTRAP_SERVERS} is {@code kafka.bootstrap.servers}. */
    static final String ENVIRONMENT_PREFIX = "MINER_";
    /** Variables of the bin/miner script itself, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("MINER_HOME", "MINER_JAVA_OPTS");

    /** The settings map: file, then environment variables, then -D overrides, then the data dir. */
    Map<String, Object> settings() throws IOException {
        return settings(System.getenv());
    }

    Map<String, Object> settings(Map<String, String> environment) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            }
            file.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        // Containers configure the miner without a file: MINER_ + the setting's name, upper-case, '.' as '_'.
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length() && !LAUNCHER_VARIABLES.contains(name)) {
                settings.put(name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        settings.putAll(overrides);
        settings.putIfAbsent(MinerConfig.DATA_DIR, dataDir.toString());
        return settings;
    }
}
