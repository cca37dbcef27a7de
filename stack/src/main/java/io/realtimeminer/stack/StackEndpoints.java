package io.realtimeminer.stack;

import java.nio.file.Path;

/**
 * Where the running stack's parts answer, embedded or external alike.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      schema registry base URL (serdes add {@code /apis/registry/v2}; Confluent
 *                         clients use {@code <registryUrl>/apis/ccompat/v7})
 * @param jdbcUrl          the database holding the items table
 * @param connectUrl       Kafka Connect REST API
 * @param dataDir          the embedded parts' data directory
 */
public record StackEndpoints(String bootstrapServers, String registryUrl, String jdbcUrl, String jdbcUser,
                             String jdbcPassword, String connectUrl, Path dataDir) {

    /** The Confluent-compatible API of the registry, for ksqlDB and Confluent clients. */
    public String confluentRegistryUrl() {
        return registryUrl + "/apis/ccompat/v7";
    }

    @Override
    public String toString() {
        // Never print the password with the rest.
        return "StackEndpoints[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", connectUrl=" + connectUrl
                + ", dataDir=" + dataDir + "]";
    }
}
