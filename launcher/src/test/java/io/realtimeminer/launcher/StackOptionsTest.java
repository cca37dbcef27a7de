package io.realtimeminer.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackOptionsTest {

    @Test
    void settingsComeFromTheFileThenTheEnvironmentThenDashD(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("miner.properties"), "kafka.bootstrap.servers=from-file:9092\nregistry.url=http://file\n");
        StackOptions options = new StackOptions();
        new CommandLine(options).parseArgs("--config", file.toString(), "-D", "registry.url=http://dash-d");

        Map<String, Object> settings = options.settings(Map.of(
                "MINER_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
                "MINER_REGISTRY_URL", "http://env",
                "MINER_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "MINER_HOME", "/opt/miner",
                "PATH", "/usr/bin"));

        assertThat(settings).containsEntry("kafka.bootstrap.servers", "from-env:9092")
                .containsEntry("registry.url", "http://dash-d")
                .containsEntry("kafka.client.security.protocol", "SASL_SSL")
                .doesNotContainKeys("home", "path");
    }
}
