package io.realtimeminer.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    private final KafkaClients clients = KafkaClients.of("broker:9093", Map.of(
            "kafka.client.security.protocol", "SASL_SSL",
            "kafka.client.sasl.jaas.config", "secret line",
            "kafka.producer.linger.ms", "7",
            "kafka.producer.acks", "0",
            "kafka.consumer.isolation.level", "read_uncommitted",
            "kafka.admin.request.timeout.ms", "5000",
            "kafka.bootstrap.servers", "ignored:1",
            "fetcher.pool", "unrelated"));

    @Test
    void everyKindGetsTheCommonSettingsItsOwnAndTheProjectsInvariantsOnTop() {
        assertThat(clients.producer("p")).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "7").containsEntry("client.id", "p")
                .containsEntry("enable.idempotence", true).containsEntry("acks", "all");
        assertThat(clients.consumer("g", "c")).containsEntry("security.protocol", "SASL_SSL").containsEntry("group.id", "g")
                .containsEntry("isolation.level", "read_committed").doesNotContainKey("linger.ms");
        assertThat(clients.consumer(null, "c")).doesNotContainKey("group.id");
        assertThat(clients.admin("a")).containsEntry("request.timeout.ms", "5000").containsEntry("sasl.jaas.config", "secret line")
                .doesNotContainKey("linger.ms");
    }

    @Test
    void readsOnlyItsPrefixesAndNeverPrintsASecret() {
        assertThat(clients.clientSettings()).containsOnlyKeys("security.protocol", "sasl.jaas.config");
        assertThat(clients.toString()).contains("SASL_SSL").doesNotContain("secret line");
    }
}
