package io.realtimeminer.stack;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    @Test
    void embedsEverythingInTheDataDirByDefault() {
        StackConfig config = StackConfig.defaults();
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.externalBootstrapServers()).isEmpty();
        assertThat(config.externalJdbcUrl()).isEmpty();
        assertThat(config.externalRegistryUrl()).isEmpty();
        assertThat(config.externalConnectUrl()).isEmpty();
        assertThat(List.of(config.kafkaPort(), config.kafkaControllerPort(), config.postgresPort(),
                config.registryPort(), config.connectPort())).containsOnly(0);
        assertThat(config.jdbcUser()).isEqualTo("miner");
        assertThat(config.postgresDatabase()).isEqualTo("miner");
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.migrateDatabase()).isTrue();
    }

    @Test
    void usesExternalServersWhenGiven() {
        StackConfig config = StackConfig.defaults()
                .with(StackConfig.KAFKA_BOOTSTRAP_SERVERS, "kafka-1:9092,kafka-2:9092")
                .with(StackConfig.REGISTRY_URL, "http://registry:8080")
                .with(StackConfig.JDBC_URL, "jdbc:postgresql://db:5432/miner")
                .with(StackConfig.CONNECT_URL, "http://connect:8083")
                .with(StackConfig.REPLICATION_FACTOR, "3");
        assertThat(config.externalBootstrapServers()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(config.externalRegistryUrl()).contains("http://registry:8080");
        assertThat(config.externalJdbcUrl()).contains("jdbc:postgresql://db:5432/miner");
        assertThat(config.externalConnectUrl()).contains("http://connect:8083");
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void givesTheRegistryExtraEnvironmentWithTheDataDirFilledIn(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        StackConfig config = new StackConfig(Map.of(
                StackConfig.DATA_DIR, dataDir.toString(),
                StackConfig.REGISTRY_ENV, "REGISTRY_DATASOURCE_URL=jdbc:h2:file:${data.dir}/registry/db,A=b=c",
                StackConfig.REGISTRY_SYSTEM_PROPERTIES, "quarkus.log.level=WARN"));
        assertThat(config.registryEnv())
                .containsEntry("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dataDir + "/registry/db")
                .containsEntry("A", "b=c");
        assertThat(config.registrySystemProperties()).containsEntry("quarkus.log.level", "WARN");
    }

    @Test
    void refusesPortsOutOfRangeAndBadAssignments() {
        assertThatThrownBy(() -> StackConfig.defaults().with(StackConfig.KAFKA_PORT, 70_000))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> StackConfig.defaults().with(StackConfig.REGISTRY_ENV, "NO_VALUE").registryEnv())
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> StackConfig.defaults().with(StackConfig.REPLICATION_FACTOR, 0))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void documentsEverySetting() {
        assertThat(StackConfig.CONFIG_DEF.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
    }
}
