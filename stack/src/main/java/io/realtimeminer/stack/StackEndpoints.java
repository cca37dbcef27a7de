package io.realtimeminer.stack;

import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.net.UrlLogin;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the running stack's parts answer, embedded or external alike.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      schema registry base URL (serdes add {@code /apis/registry/v2}; Confluent
 *                         clients use {@code <registryUrl>/apis/ccompat/v7})
 * @param jdbcUrl          the database holding the items table
 * @param connectUrl       Kafka Connect REST API
 * @param dataDir          the embedded parts' data directory
 * @param kafkaClientSettings the {@code kafka.client.*} settings every client of this Kafka needs
 *                         (the embedded broker's SASL login, or those given for an external one)
 */
public record StackEndpoints(String bootstrapServers, String registryUrl, String jdbcUrl, String jdbcUser,
                             String jdbcPassword, String connectUrl, Path dataDir, Map<String, String> kafkaClientSettings) {

    public StackEndpoints {
        kafkaClientSettings = Map.copyOf(kafkaClientSettings);
    }

    /** Endpoints of a Kafka that needs no client settings. */
    public StackEndpoints(String bootstrapServers, String registryUrl, String jdbcUrl, String jdbcUser, String jdbcPassword,
                          String connectUrl, Path dataDir) {
        this(bootstrapServers, registryUrl, jdbcUrl, jdbcUser, jdbcPassword, connectUrl, dataDir, Map.of());
    }

    /** What every Kafka client of the stack is built from. */
    public KafkaClients kafkaClients() {
        return KafkaClients.of(bootstrapServers, kafkaClientSettings);
    }

    /** The Confluent-compatible API of the registry, for ksqlDB and Confluent clients. */
    public String confluentRegistryUrl() {
        return registryUrl + "/apis/ccompat/v7";
    }

    @Override
    public String toString() {
        // Never print a password with the rest: the database's, nor a login in the registry's or Connect's URL.
        return "StackEndpoints[bootstrapServers=" + bootstrapServers + ", registryUrl=" + UrlLogin.strip(registryUrl)
                + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", connectUrl=" + UrlLogin.strip(connectUrl)
                + ", dataDir=" + dataDir + "]";
    }
}
