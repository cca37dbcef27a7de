package io.realtimeminer.connect;

import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectWorkerConfigTest {

    private final ConnectWorkerConfig worker = ConnectWorkerConfig.of(
            "127.0.0.1:9092", "http://127.0.0.1:8081", "/opt/miner/connect/target/plugins", 18083);

    @Test
    void formsTheMinerConnectClusterWithItsOwnStorageTopics() {
        assertThat(worker.workerProperties())
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("group.id", "miner-connect")
                .containsEntry("config.storage.topic", "miner.connect.configs")
                .containsEntry("offset.storage.topic", "miner.connect.offsets")
                .containsEntry("status.storage.topic", "miner.connect.status")
                .containsEntry("config.storage.replication.factor", "-1")
                .containsEntry("offset.storage.replication.factor", "-1")
                .containsEntry("status.storage.replication.factor", "-1");
    }

    @Test
    void storageReplicationFactorIsConfigurable() {
        ConnectWorkerConfig replicated = new ConnectWorkerConfig(Map.of(
                ConnectWorkerConfig.BOOTSTRAP_SERVERS, "kafka:9092",
                ConnectWorkerConfig.REGISTRY_URL, "http://registry:8080",
                ConnectWorkerConfig.PLUGIN_PATH, "/plugins",
                ConnectWorkerConfig.STORAGE_REPLICATION_FACTOR, "3"));
        assertThat(replicated.workerProperties())
                .containsEntry("config.storage.replication.factor", "3")
                .containsEntry("offset.storage.replication.factor", "3")
                .containsEntry("status.storage.replication.factor", "3");
    }

    @Test
    void loadsThePluginFoldersThroughServiceEntries() {
        assertThat(worker.workerProperties())
                .containsEntry("plugin.path", "/opt/miner/connect/target/plugins")
                .containsEntry("plugin.discovery", "service_load");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(worker.restUrl()).isEqualTo("http://127.0.0.1:18083");
        assertThat(worker.workerProperties())
                .containsEntry("listeners", "http://127.0.0.1:18083")
                .containsEntry("rest.advertised.host.name", "127.0.0.1")
                .containsEntry("rest.advertised.port", "18083");
    }

    @Test
    void convertsLikeTheItemsSink() {
        assertThat(worker.workerProperties())
                .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("value.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("value.converter.apicurio.registry.url", "http://127.0.0.1:8081/apis/registry/v2")
                .containsEntry("value.converter.apicurio.registry.use-id", "contentId");
    }

    @Test
    void isAValidDistributedWorkerConfiguration() {
        DistributedConfig config = new DistributedConfig(worker.workerProperties());
        assertThat(config.getString(DistributedConfig.GROUP_ID_CONFIG)).isEqualTo("miner-connect");
        assertThat(config.getShort(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG)).isEqualTo((short) -1);
        assertThat(config.getLong(DistributedConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(10_000L);
    }
}
