package io.realtimeminer.launcher;

import io.realtimeminer.kafka.KafkaClients;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the miner makes of the settings a deployment file gives it (environment variables and
 * {@code -D} options, through the launcher's own mapping), for the tests that check those files.
 */
final class DeclaredSettings {

    private static final List<String> PASS_THROUGH = List.of(KafkaClients.CLIENT_PREFIX, KafkaClients.PRODUCER_PREFIX,
            KafkaClients.CONSUMER_PREFIX, KafkaClients.ADMIN_PREFIX);

    private DeclaredSettings() {
    }

    /** The settings, by name, that {@code environment} and {@code overrides} give a miner (the data dir aside). */
    static Map<String, Object> of(Map<String, String> environment, Map<String, String> overrides) throws IOException {
        StackOptions options = new StackOptions();
        options.dataDir = Path.of("/data");
        options.overrides.putAll(overrides);
        Map<String, Object> settings = new HashMap<>(options.settings(environment));
        settings.remove(MinerConfig.DATA_DIR);
        return settings;
    }

    /** The names among {@code settings} that {@code miner config} does not list and no pass-through prefix covers. */
    static List<String> unknown(Set<String> settings) {
        Set<String> declared = ConfigCommand.settingNames();
        return settings.stream().filter(s -> !declared.contains(s) && PASS_THROUGH.stream().noneMatch(s::startsWith)).sorted().toList();
    }
}
