package io.realtimeminer.launcher;

import io.realtimeminer.stack.EmbeddedKafka;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackState;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * Where Kafka and the registry answer for a process that joins a running pipeline
 * ({@code miner fetcher}, {@code miner topology}): the configured external addresses, or else
 * those of the embedded stack that {@code miner up} runs on the same data directory, with the
 * client settings that log in to that Kafka.
 */
record ClusterAddresses(String bootstrapServers, String registryUrl, Map<String, String> kafkaClientSettings) {

    static ClusterAddresses resolve(Map<String, Object> settings) {
        StackConfig config = new StackConfig(settings);
        Optional<StackState> local = Files.exists(config.dataDir().resolve(StackState.FILE_NAME))
                ? Optional.of(StackState.load(config.dataDir())) : Optional.empty();
        String bootstrap = config.externalBootstrapServers()
                .or(() -> local.flatMap(EmbeddedStack::recordedBootstrapServers))
                .orElseThrow(() -> new IllegalArgumentException("no Kafka to join: set " + StackConfig.KAFKA_BOOTSTRAP_SERVERS
                        + ", or run 'miner up' on the data directory " + config.dataDir() + " first"));
        String registry = config.externalRegistryUrl()
                .or(() -> local.flatMap(EmbeddedStack::recordedRegistryUrl))
                .orElseThrow(() -> new IllegalArgumentException("no schema registry: set " + StackConfig.REGISTRY_URL
                        + ", or run 'miner up' on the data directory " + config.dataDir() + " first"));
        // The client settings given; else those that log in to the local stack's broker (kafka.sasl.enabled).
        Map<String, String> clients = config.externalBootstrapServers().isPresent() ? config.kafkaClientSettings()
                : EmbeddedKafka.clientSettings(local.flatMap(s -> s.recordedValue(StackState.KAFKA_SASL_PASSWORD)).orElse(null));
        return new ClusterAddresses(bootstrap, registry, clients);
    }
}
