package io.realtimeminer.launcher;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Options shared by the commands that run the pipeline: where data lives and which settings apply. */
final class StackOptions {

    @Option(names = {"-d", "--data-dir"}, description = "Directory of all stored data (default: ${DEFAULT-VALUE}).",
            defaultValue = "./data")
    Path dataDir;

    @Option(names = {"-c", "--config"}, description = "A properties file of settings (see docs/configuration.md).")
    Path configFile;

    @Option(names = {"-D", "--set"}, description = "A setting, as key=value; overrides the file. Repeatable.")
    Map<String, String> overrides = new HashMap<>();

    /** The settings map: file, then -D overrides, then the data dir. */
    Map<String, Object> settings() throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            }
            file.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        settings.putAll(overrides);
        settings.putIfAbsent(MinerConfig.DATA_DIR, dataDir.toString());
        return settings;
    }
}
