package io.realtimeminer.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackEndpointsTest {

    @Test
    void printedEndpointsHoldNoPasswordNorLogin() {
        StackEndpoints endpoints = new StackEndpoints("127.0.0.1:9092", "http://reg:registry-secret@127.0.0.1:8081",
                "jdbc:postgresql://127.0.0.1:5432/miner", "miner", "database-secret", "http://miner:connect-secret@127.0.0.1:8083",
                Path.of("data"), Map.of("kafka.client.sasl.jaas.config", "PlainLoginModule required password=\"kafka-secret\";"));

        assertThat(endpoints.toString()).contains("127.0.0.1:8083", "127.0.0.1:8081", "jdbcUser=miner")
                .doesNotContain("registry-secret", "database-secret", "connect-secret", "kafka-secret");
    }
}
