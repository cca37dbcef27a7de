package io.realtimeminer.launcher;

import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleToolTest {

    @TempDir
    Path dataDir;
    private final Map<String, Object> settings = new HashMap<>();
    private String password;

    @BeforeEach
    void aLocalStackWithSasl() {
        StackState state = StackState.load(dataDir);
        state.port(StackConfig.KAFKA_PORT, 19092);
        state.port(StackConfig.REGISTRY_PORT, 18081);
        password = state.secret(StackState.KAFKA_SASL_PASSWORD);
        state.save();
        settings.put(StackConfig.DATA_DIR, dataDir.toString());
    }

    @Test
    void withoutABootstrapServerTheToolsUseTheLocalKafkaAndLogInToIt() {
        List<String> options = ConsoleTool.withCluster(List.of("--topic", "miner.templates"), settings);

        assertThat(options).containsSequence("--topic", "miner.templates", "--bootstrap-server", "127.0.0.1:19092")
                .contains("security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN");
        assertThat(options.get(options.indexOf("sasl.mechanism=PLAIN") - 1)).isEqualTo("--command-property");
        assertThat(options).anySatisfy(o -> assertThat(o).startsWith("sasl.jaas.config=").contains(password));
    }

    @Test
    void theLocalKafkaNamedExplicitlyGetsItsLoginToo() {
        assertThat(ConsoleTool.withCluster(List.of("--bootstrap-server=127.0.0.1:19092", "--topic", "t"), settings))
                .contains("security.protocol=SASL_PLAINTEXT");
    }

    @Test
    void anotherKafkaOrAClientConfigurationOfTheUsersOwnGetsNothingAdded() {
        List<String> elsewhere = List.of("--bootstrap-server", "kafka.example:9092", "--topic", "t");
        assertThat(ConsoleTool.withCluster(elsewhere, settings)).isEqualTo(elsewhere);
        List<String> ownConfig = List.of("--command-config", "client.properties", "--topic", "t");
        assertThat(ConsoleTool.withCluster(ownConfig, settings)).isEqualTo(ownConfig);
    }

    @Test
    void withNoPipelineKnownTheOptionsStayAsGiven(@TempDir Path empty) {
        List<String> options = List.of("--topic", "t");
        assertThat(ConsoleTool.withCluster(options, Map.of(StackConfig.DATA_DIR, empty.toString()))).isEqualTo(options);
    }
}
