package io.realtimeminer.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackStateTest {

    @Test
    void keepsChosenPortsAndClusterIdForTheNextStart(@TempDir Path dataDir) {
        StackState first = StackState.load(dataDir);
        int kafkaPort = first.port("kafka.port", 0);
        int registryPort = first.port("registry.port", 0);
        String clusterId = first.value("kafka.cluster.id", EmbeddedKafka::newClusterId);
        first.save();

        StackState second = StackState.load(dataDir);
        assertThat(second.port("kafka.port", 0)).isEqualTo(kafkaPort);
        assertThat(second.port("registry.port", 0)).isEqualTo(registryPort);
        assertThat(second.value("kafka.cluster.id", () -> "other")).isEqualTo(clusterId);
        assertThat(kafkaPort).isNotEqualTo(registryPort);
        assertThat(dataDir.resolve(StackState.FILE_NAME)).exists();
    }

    @Test
    void aConfiguredPortWinsAndIsRecorded(@TempDir Path dataDir) {
        StackState state = StackState.load(dataDir);
        state.port("postgres.port", 0);
        assertThat(state.port("postgres.port", 15432)).isEqualTo(15432);
        state.save();
        assertThat(StackState.load(dataDir).value("postgres.port", () -> "none")).isEqualTo("15432");
    }

    @Test
    void failsClearlyWhenARecordedPortIsTaken(@TempDir Path dataDir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackState state = StackState.load(dataDir);
            state.port("connect.port", taken.getLocalPort());
            state.save();
            assertThatThrownBy(() -> StackState.load(dataDir).port("connect.port", 0))
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining(StackState.FILE_NAME);
        }
    }
}
